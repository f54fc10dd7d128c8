using System.CommandLine;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage;
using Vern.Synthetic;

namespace Vern.Cli.Commands;

/// <summary><c>vern demo</c>: fills an empty database with synthetic cases for one fictional municipality
/// (7777 Vernvik, about 20,000 inhabitants) and prints what was made.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Frø for tilfeldighetene: samme frø gir samme data", DefaultValueFactory = _ => 42 };
        var to = new Option<DateOnly?>("--to") { Description = "Periodens siste dag og «i dag» for dataene (standard: i dag)" };
        var years = new Option<int>("--years") { Description = "Antall år data skal dekke", DefaultValueFactory = _ => 3 };
        var scale = new Option<int>("--scale") { Description = "Ganger så mange innbyggere som Vernvik (for ytelsesmålinger, bench/web.sh)", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Lag en demodatabase med syntetiske saker for én oppdiktet kommune (7777 Vernvik)") { seed, to, years, scale };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse, create: true, needsActor: false);
            if (Session.Wait(session.App.CountEventsAsync()) is > 0 and var existing)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Databasen {session.DataSource} inneholder allerede {existing} hendelser.[/] Demodata lages bare i en tom database; oppgi en ny fil med --db.");
                return 5;
            }
            var options = new DemoOptions(parse.GetValue(to) ?? GeneratorOutput.Today(), parse.GetValue(years), parse.GetValue(seed), parse.GetValue(scale));
            GenerationSummary summary = null!;
            DemoUsers users = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"Lager saker for {DemoGenerator.Municipality.Number} {DemoGenerator.Municipality.Name}", maxValue: 1);
                    (summary, users) = Session.Wait(session.App.GenerateDemoAsync(options, new SyncProgress(p => task.Value = p.Fraction)));
                });
            var vernvik = DemoGenerator.Scaled(options.Scale);
            GeneratorOutput.Print(summary, $"{vernvik.Number} {vernvik.Name} ({vernvik.Population:N0} innbyggere, {vernvik.Children:N0} barn 0–17 år)", session.DataSource);
            GeneratorOutput.PrintState(Session.Wait(session.App.GenerateStateDataAsync(options.Seed, options.To)));
            GeneratorOutput.PrintUsers(users);
            var duplicates = Session.Wait(session.App.PlantDemoDuplicatesAsync(DemoGenerator.Municipality.Number, options.To, 12, options.Seed));
            AnsiConsole.MarkupLineInterpolated($"Plantet {duplicates.Count} mulige dubletter (journalnr. DUP/1 …); se f.eks. «vern child candidates {duplicates.FirstOrDefault().Duplicate}» (docs/matching.md).");
            AnsiConsole.MarkupLineInterpolated($"Mottatte meldinger i innboksen: {Session.Wait(session.App.PlantDemoIntakeAsync(DemoGenerator.Municipality.Number, options.Seed))} (én eldre enn alarmgrensen); se «vern intake inbox» eller /innboks.");
            return 0;
        });
        return command;
    }
}

/// <summary>Shared output of the synthetic-data commands.</summary>
internal static class GeneratorOutput
{
    /// <summary>Today in Norway, read from the system clock here at the edge.</summary>
    public static DateOnly Today() => NorwegianTime.Today(TimeProvider.System);

    /// <summary>The users the generator made, and which one the CLI acts as when no --as or VERN_USER is given.</summary>
    public static void PrintUsers(DemoUsers users, int limit = 12)
    {
        var table = new Table().Title("Brukere (én per rolle)").AddColumns("Id", "Rolle", "Tjeneste");
        foreach (var u in users.Users.Take(limit))
            table.AddRow(Markup.Escape(u.Id), $"{Roles.Name(u.Role)} ({Roles.Norwegian(u.Role)})", Markup.Escape(u.MunicipalityNumber ?? (u.Region is null ? "hele landet" : "region " + u.Region)));
        AnsiConsole.Write(table);
        if (users.Users.Count > limit)
            AnsiConsole.MarkupLineInterpolated($"… og {users.Users.Count - limit} til (se «vern user list --as admin»).");
        AnsiConsole.MarkupLineInterpolated($"Vern handler som [green]{users.DefaultUserId}[/] når verken --as eller VERN_USER er oppgitt; bytt rolle med f.eks. «--as {users.Users[0].Id}».");
    }

    /// <summary>What the state-side generator made (issue 21).</summary>
    public static void PrintState(StateGenerationSummary? s)
    {
        if (s is not null)
            AnsiConsole.MarkupLineInterpolated($"Henvisninger til Bufetat: {s.Referrals:N0} ({s.Offers:N0} tilsagn, {s.Stays:N0} opphold, {s.Waiting:N0} venter på fosterhjem, {s.BreachesByTime:N0} brudd på bistandsplikten, {s.ConfirmedBreaches:N0} konstatert av statsforvalteren); {s.Facilities} sentre og institusjoner. Se «vern bufetat report …».");
    }

    public static void Print(GenerationSummary s, string where, string dataSource)
    {
        var table = new Table().Title($"Syntetiske data: {Markup.Escape(where)}").AddColumn("Hva").AddColumn(new TableColumn("Antall").RightAligned());
        void Row(string what, object value) => table.AddRow(Markup.Escape(what), Markup.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        Row("Periode", $"{s.From:yyyy-MM-dd} – {s.To:yyyy-MM-dd}");
        Row("Frø (seed)", s.Seed);
        if (s.Municipalities > 1)
            Row("Kommuner", s.Municipalities);
        Row("Barn/saker (åpne)", $"{s.Cases:N0} ({s.OpenCases:N0})");
        Row("Meldinger", $"{s.Reports:N0} ({s.ReportsPer100ChildrenPerYear:0.00} per 100 barn per år)");
        Row("  gjennomgått for sent (> 7 dager)", $"{s.ReportsReviewedLate:N0}");
        Row("Undersøkelser", $"{s.Investigations:N0} ({s.ShareInvestigated:P0} av meldingene)");
        Row("  åpne / konkludert", $"{s.InvestigationsOpen:N0} / {s.InvestigationsConcluded:N0}");
        Row("  med utvidet frist / over fristen", $"{s.InvestigationsExtended:N0} / {s.InvestigationsOverdue:N0}");
        Row("  førte til tiltak", $"{s.InvestigationsToMeasures:N0} ({s.ShareInvestigationsToMeasures:P0} av de konkluderte)");
        Row("Vedtak", $"{s.Decisions:N0}");
        Row("  omsorgsovertakelser / akuttvedtak", $"{s.CareOrders:N0} / {s.EmergencyDecisions:N0}");
        Row("Tiltak: hjelpetiltak / plasseringer", $"{s.SupportMeasures:N0} / {s.PlacementMeasures:N0}");
        Row("Planer (evalueringer)", $"{s.Plans:N0} ({s.PlanEvaluations:N0})");
        Row("Besøk (oppfølging og tilsyn)", $"{s.Visits:N0}");
        Row("Ettervern (tilbud)", $"{s.Aftercare:N0}");
        Row("Flyttinger", $"{s.Moves:N0}");
        Row("Saksbehandlere", $"{s.Caseworkers:N0}");
        Row("Hendelser", $"{s.Events:N0}");
        Row("Tid", $"{s.Elapsed.TotalSeconds:0.0} s");
        AnsiConsole.Write(table);
        if (VernDatabase.EngineOf(dataSource) == Engine.Postgres)
        {
            AnsiConsole.MarkupLineInterpolated($"Database: [green]{Vern.Storage.Postgres.PostgresConnection.Redact(dataSource)}[/] (PostgreSQL)");
            return;
        }
        var size = new FileInfo(dataSource).Length + (File.Exists(dataSource + "-wal") ? new FileInfo(dataSource + "-wal").Length : 0);
        AnsiConsole.MarkupLineInterpolated($"Database: [green]{Path.GetFullPath(dataSource)}[/] ({size / 1024.0 / 1024.0:0.0} MB)");
    }
}

/// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value) => report(value);
}
