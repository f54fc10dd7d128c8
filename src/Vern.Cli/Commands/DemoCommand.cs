using System.CommandLine;
using Spectre.Console;
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
        var command = new Command("demo", "Lag en demodatabase med syntetiske saker for én oppdiktet kommune (7777 Vernvik)") { seed, to, years };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse, create: true);
            if (session.Store.CountEventsAsync().GetAwaiter().GetResult() is > 0 and var existing)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Databasen {session.Store.DataSource} inneholder allerede {existing} hendelser.[/] Demodata lages bare i en tom database; oppgi en ny fil med --db.");
                return 5;
            }
            var options = new DemoOptions(parse.GetValue(to) ?? GeneratorOutput.Today(), parse.GetValue(years), parse.GetValue(seed));
            GenerationSummary summary = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"Lager saker for {DemoGenerator.Municipality.Number} {DemoGenerator.Municipality.Name}", maxValue: 1);
                    summary = DemoGenerator.GenerateAsync(session.Store, session.CodeLists, options, new SyncProgress(p => task.Value = p.Fraction)).GetAwaiter().GetResult();
                });
            GeneratorOutput.Print(summary, $"{DemoGenerator.Municipality.Number} {DemoGenerator.Municipality.Name} ({DemoGenerator.Municipality.Population:N0} innbyggere, {DemoGenerator.Municipality.Children:N0} barn 0–17 år)", session.Store.DataSource);
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
        var size = new FileInfo(dataSource).Length + (File.Exists(dataSource + "-wal") ? new FileInfo(dataSource + "-wal").Length : 0);
        AnsiConsole.MarkupLineInterpolated($"Database: [green]{Path.GetFullPath(dataSource)}[/] ({size / 1024.0 / 1024.0:0.0} MB)");
    }
}

/// <summary>Reports progress on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value) => report(value);
}
