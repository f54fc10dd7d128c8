using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.State;

namespace Vern.Cli.Commands;

/// <summary><c>vern referral …</c>: referrals (henvisninger) from a municipal case to Bufetat – send, withdraw, list, show, record a
/// breach confirmed by statsforvalteren – and the Fiks message files between two Vern databases (export-messages, import-messages).
/// Bufetat's intake works the same referrals with <c>vern bufetat …</c>.</summary>
public static class ReferralCommand
{
    private static readonly Argument<string> IdArg = new("referral-id") { Description = "Henvisningens id (UUID)" };

    public static Command Create()
    {
        var command = new Command("referral", "Henvisninger til Bufetat (plassering, senter for foreldre og barn, spesialiserte tiltak) og Fiks-meldingene mellom kommune og Bufetat");
        command.Subcommands.Add(Send());
        command.Subcommands.Add(Withdraw());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Breach());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Measures());
        return command;
    }

    private static Command Send()
    {
        var caseId = new Option<string>("--case") { Description = "Saken henvisningen gjelder (UUID)", Required = true };
        var measure = new Option<string>("--measure") { Description = "Tiltakstype (se «vern referral measures»)", Required = true };
        var needs = new Option<string>("--needs") { Description = "Barnets behov, slik kommunen vurderer dem", Required = true };
        var desired = new Option<string>("--desired-start") { Description = "Ønsket oppstart (ÅÅÅÅ-MM-DD)", Required = true };
        var purpose = new Option<string?>("--centre-purpose") { Description = "For senter for foreldre og barn: assessment (utredning) eller guidance (veiledning)" };
        var urgent = new Option<bool>("--urgent") { Description = "Akutt plassering" };
        var uam = new Option<bool>("--unaccompanied-minor") { Description = "Enslig mindreårig (institusjon: redusert egenandel til bosetting)" };
        var region = new Option<string?>("--region") { Description = "Bufetat-region (ellers etter kommunens fylke)" };
        var sent = new Option<string?>("--sent-on") { Description = "Sendt dato (ellers i dag)" };
        var parents = new Option<int>("--parents") { Description = "Senter for foreldre og barn: foresatte som skal bo der (1 eller 2; egenbetalingens familieregel)", DefaultValueFactory = _ => 1 };
        var children = new Option<int>("--children") { Description = "Senter for foreldre og barn: barn som skal bo der, det henviste barnet medregnet", DefaultValueFactory = _ => 1 };
        var c = new Command("send", "Send en henvisning fra en sak til Bufetat; skriver henvisningens id på siste linje") { caseId, measure, needs, desired, purpose, urgent, uam, region, sent, parents, children };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var centrePurpose = p.GetValue(purpose) switch
            {
                null => (CentrePurpose?)null,
                "assessment" or "utredning" => CentrePurpose.Assessment,
                "guidance" or "veiledning" => CentrePurpose.Guidance,
                var other => throw new ArgumentException($"--centre-purpose: «{other}» er verken assessment (utredning) eller guidance (veiledning)."),
            };
            var r = Session.Wait(s.App.SendReferralAsync(s.Actor, new ReferralInput(CaseId.Parse(p.GetValue(caseId)!), p.GetValue(measure)!, p.GetValue(needs)!,
                CliDates.Parse(p.GetValue(desired), "--desired-start")!.Value, p.GetValue(urgent), centrePurpose, p.GetValue(uam), p.GetValue(region),
                CliDates.Parse(p.GetValue(sent), "--sent-on"), Parents: p.GetValue(parents), Children: p.GetValue(children))));
            AnsiConsole.MarkupLineInterpolated($"[green]Henvisning sendt[/] til Bufetat region {r.Details.Region} ({r.Measure.Name}). Send filene med «vern referral export-messages --out MAPPE».");
            Console.Out.WriteLine(r.Id);
            return 0;
        });
        return c;
    }

    private static Command Withdraw()
    {
        var on = new Option<string?>("--on") { Description = "Dato (ellers i dag)" };
        var reason = new Option<string>("--reason") { Description = "Hvorfor henvisningen trekkes", Required = true };
        var c = new Command("withdraw", "Trekk en henvisning (trukket melding til Bufetat)") { IdArg, on, reason };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.WithdrawReferralAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), CliDates.Parse(p.GetValue(on), "--on"), p.GetValue(reason)!));
            AnsiConsole.MarkupLine("[green]Henvisningen er trukket.[/]");
            return 0;
        });
        return c;
    }

    internal static Command List(string name = "list")
    {
        var c = new Command(name, "Henvisningene du har tilgang til (kommunens, eller Bufetat-regionens); lesingen logges");
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var list = Session.Wait(s.App.ListReferralsAsync(s.Actor, s.Purpose));
            var table = new Table().AddColumns("Id", "Kommune", "Region", "Tiltak", "Sendt", "Ønsket start", "Status", "Tilsagn");
            foreach (var r in list.OrderBy(r => r.Details.SentOn))
                table.AddRow(r.Id.ToString(), r.Details.MunicipalityNumber, Markup.Escape(r.Details.Region), Markup.Escape(r.Details.MeasureCode + (r.Details.Urgent ? " (akutt)" : "")),
                    Date(r.Details.SentOn), Date(r.Details.DesiredStartOn), Status(r.Status), Markup.Escape(r.Offer is { } o ? $"{Date(o.OfferedOn)} {o.PlaceName}" : ""));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{list.Count} henvisninger");
            return 0;
        });
        return c;
    }

    internal static Command Show()
    {
        var c = new Command("show", "Én henvisning med alle hendelser; lesingen logges") { IdArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var (r, events) = Session.Wait(s.App.ShowReferralAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), s.Purpose));
            AnsiConsole.MarkupLineInterpolated($"[bold]Henvisning {r.Id}[/] – {r.Measure.Name}{(r.Details.Urgent ? " (akutt)" : "")}, kommune {r.Details.MunicipalityNumber}, region {r.Details.Region}: {Status(r.Status)}");
            Console.Out.WriteLine($"Behov: {TerminalText.Safe(r.Details.Needs)}");
            if (DutyToAssist.Evaluate(r, s.App.Today) is { } duty)
                AnsiConsole.MarkupLineInterpolated($"Bistandsplikt ({duty.Rule.Id}): frist {Date(duty.Deadline)}; {(duty.DaysToOffer is { } d ? $"tilsagn etter {d} dager" : "ingen tilsagn ennå")}; {(duty.Breach == BreachKind.None ? "ikke brudd" : "BRUDD fra " + Date(duty.BreachOn!.Value))}");
            foreach (var e in events)
                Console.Out.WriteLine($"  {e.Version,3} {e.RecordedAt:yyyy-MM-dd HH:mm} {e.RecordedBy}: {e.Event.GetType().Name}");
            return 0;
        });
        return c;
    }

    internal static Command Breach()
    {
        var on = new Option<string>("--on") { Description = "Datoen statsforvalteren konstaterte bruddet", Required = true };
        var governor = new Option<string>("--county-governor") { Description = "Hvilken statsforvalter", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Statsforvalterens saksnummer" };
        var c = new Command("breach", "Registrer at statsforvalteren har konstatert brudd på bistandsplikten (etter klage)") { IdArg, on, governor, reference };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.ConfirmBreachAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!),
                new ConfirmBreach(CliDates.Parse(p.GetValue(on), "--on")!.Value, p.GetValue(governor)!, p.GetValue(reference))));
            AnsiConsole.MarkupLine("[green]Bruddet er registrert.[/]");
            return 0;
        });
        return c;
    }

    internal static Command Export()
    {
        var dir = new Option<string>("--out") { Description = "Mappen meldingsfilene skrives til", Required = true };
        var all = new Option<bool>("--all") { Description = "Skriv alle meldingene igjen, også de som er eksportert før" };
        var c = new Command("export-messages", "Skriv tjenestens usendte Fiks-meldinger (henvisning, tilsagn, kvitteringer …) som filer") { dir, all };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var files = Session.Wait(s.App.ExportMessagesAsync(s.Actor, p.GetValue(dir)!, p.GetValue(all)));
            foreach (var f in files)
                Console.Out.WriteLine(f);
            AnsiConsole.MarkupLineInterpolated($"{files.Count} meldinger skrevet.");
            return 0;
        });
        return c;
    }

    internal static Command Import()
    {
        var dir = new Argument<string>("dir") { Description = "Mappen med meldingsfiler (*.json)" };
        var c = new Command("import-messages", "Les Fiks-meldingsfiler adressert til tjenesten; samme melding to ganger endrer ingenting") { dir };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var results = Session.Wait(s.App.ImportMessagesAsync(s.Actor, p.GetValue(dir)!));
            foreach (var r in results)
                Console.Out.WriteLine($"{r.File}: {r.Type} → {TerminalText.Safe(r.Outcome)}");
            AnsiConsole.MarkupLineInterpolated($"{results.Count(r => r.Outcome == "mottatt" || r.Outcome.EndsWith("mottatt", StringComparison.Ordinal))} mottatt, {results.Count(r => r.Outcome == "duplikat")} duplikater, {results.Count(r => r.Outcome.StartsWith("feil:", StringComparison.Ordinal))} avvist.");
            return results.Any(r => r.Outcome.StartsWith("feil:", StringComparison.Ordinal)) ? 1 : 0;
        });
        return c;
    }

    private static Command Measures()
    {
        var c = new Command("measures", "Tiltakstypene en henvisning kan gjelde, og om bistandsplikten gjelder");
        c.SetAction(_ =>
        {
            var table = new Table().AddColumns("Kode", "Navn", "Bistandsplikt", "Egenandelskode");
            foreach (var m in MeasureTypes.All)
                table.AddRow(m.Code, Markup.Escape(m.Name), m.DutyToAssist ? "ja" : "nei", m.CopayCode);
            AnsiConsole.Write(table);
            return 0;
        });
        return c;
    }

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Status(ReferralStatus s) => s switch
    {
        ReferralStatus.Open => "åpen",
        ReferralStatus.Offered => "tilsagn",
        ReferralStatus.Rejected => "avslått",
        ReferralStatus.Withdrawn => "trukket",
        ReferralStatus.Placed => "plassert",
        ReferralStatus.Ended => "avsluttet",
        _ => s.ToString(),
    };
}
