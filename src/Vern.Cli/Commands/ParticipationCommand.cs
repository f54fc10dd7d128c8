using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Cli.Commands;

/// <summary><c>vern case participation …</c>: the child's participation (barnevernsloven § 1-4) – record a conversation or why
/// the child was not heard, list the records, and check which decisions lack them.</summary>
public static class ParticipationCommand
{
    private static readonly Argument<string> CaseArg = new("case-id") { Description = "Sakens id (UUID)" };

    public static Command Create()
    {
        var command = new Command("participation", "Barnets medvirkning (barnevernsloven § 1-4): samtaler med barnet, eller hvorfor barnet ikke ble hørt");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Withhold());
        return command;
    }

    private static Command Add()
    {
        var on = new Option<string>("--on") { Description = "Når samtalen var (ÅÅÅÅ-MM-DD)", Required = true };
        var by = new Option<string?>("--heard-by") { Description = "Hvem snakket med barnet (navn og rolle)" };
        var place = new Option<string?>("--place") { Description = "Hvor (skolen, hjemme, kontoret …)" };
        var views = new Option<string?>("--views") { Description = "Barnets synspunkter, med barnets egne ord" };
        var weight = new Option<string?>("--weight") { Description = "Hvilken vekt synspunktene fikk, og hvorfor (alder og modenhet)" };
        var notHeard = new Option<string?>("--not-heard") { Description = "Barnet ble ikke hørt: alder, modenhet, onsket-ikke, annet" };
        var explanation = new Option<string?>("--explanation") { Description = "Forklaring når barnet ikke ble hørt" };
        var entry = new Option<string?>("--entry") { Description = "Registreringen det gjelder: vedtak:ID, undersokelse:ID …" };
        var c = new Command("add", "Registrer barnets medvirkning: en samtale (--heard-by, --place, --views, --weight) eller hvorfor barnet ikke ble hørt (--not-heard, --explanation)")
            { CaseArg, on, by, place, views, weight, notHeard, explanation, entry };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var record = s.App.AddParticipationAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), new ParticipationInput(
                CliDates.Parse(p.GetValue(on), "--on")!.Value, p.GetValue(entry) is { } e ? EntryLink.Parse(e) : null,
                p.GetValue(by), p.GetValue(place), p.GetValue(views), p.GetValue(weight),
                p.GetValue(notHeard) is { } r ? ParticipationRecord.ParseReason(r) : null, p.GetValue(explanation))).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Medvirkning registrert[/] ({(record.Heard ? "barnet ble hørt" : "ikke hørt: " + ParticipationRecord.Norwegian(record.NotHeard!.Value))}).");
            Console.Out.WriteLine(record.Id);
            return 0;
        });
        return c;
    }

    /// <summary><c>vern case participation withhold CASE --record ID --party PERSON --ground CODE --reason TEXT [--part TEXT]</c>: the
    /// child's views (all, or the passage given) left out of that party's access copy (issue 22).</summary>
    private static Command Withhold()
    {
        var record = new Option<string>("--record") { Description = "Medvirkningens id (fra «participation add» eller «participation list»)", Required = true };
        var party = new Option<string>("--party") { Description = "Personens id (fra «case person list»): parten det holdes tilbake fra", Required = true };
        var ground = new Option<string>("--ground") { Description = "Grunnlag: " + string.Join(", ", WithholdingGrounds.All.Select(g => $"{g.Code} ({g.LegalBasis})")), Required = true };
        var part = new Option<string?>("--part") { Description = "Nøyaktig de ordene som holdes tilbake (ellers alt barnet sa i samtalen)" };
        var reason = new Option<string>("--reason") { Description = "Begrunnelse for saken (står ikke i innsynskopien)", Required = true };
        var c = new Command("withhold", "Hold barnets uttalelser (eller en del av dem) tilbake fra én parts innsynskopi (barnevernsloven § 12-6 andre ledd; forvaltningsloven § 19 første ledd bokstav d)")
            { CaseArg, record, party, ground, part, reason };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var w = s.App.WithholdViewsAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), Guid.Parse(p.GetValue(record)!), p.GetValue(party)!, p.GetValue(ground)!,
                p.GetValue(part), p.GetValue(reason)!).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Holdt tilbake[/] fra part {w.PartyId} ({WithholdingGrounds.Find(w.GroundCode)!.LegalBasis}): {(w.Passage is null ? "alt barnet sa i samtalen" : "en del av barnets synspunkter")}.");
            Console.Out.WriteLine(w.Id);
            return 0;
        });
        return c;
    }

    private static Command List()
    {
        var c = new Command("list", "List barnets medvirkning i saken (lesingen logges)") { CaseArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var records = s.App.ListParticipationAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), s.Purpose).GetAwaiter().GetResult();
            var table = new Table().AddColumns("Dato", "Hvem og hvor", "Barnets synspunkter / hvorfor ikke hørt", "Vekt", "Gjelder");
            foreach (var r in records.OrderBy(r => r.On))
                table.AddRow(r.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Markup.Escape(TerminalText.Safe(r.Heard ? $"{r.HeardBy}, {r.Place}" : r.HeardBy ?? "")),
                    Markup.Escape(TerminalText.Safe(r.Heard ? $"«{r.ChildViews}»" : $"Ikke hørt ({ParticipationRecord.Norwegian(r.NotHeard!.Value)}): {r.Explanation}")),
                    Markup.Escape(TerminalText.Safe(r.Weight ?? "")), Markup.Escape(r.Entry?.ToString() ?? ""));
            AnsiConsole.Write(table);
            return 0;
        });
        return c;
    }

    private static Command Check()
    {
        var municipality = new Option<string?>("--municipality") { Description = "Kommunenummer (ellers din kommune)" };
        var from = new Option<string?>("--from") { Description = "Bare vedtak fra denne datoen" };
        var to = new Option<string?>("--to") { Description = "Bare vedtak til og med denne datoen" };
        var c = new Command("check", "Vedtak for barn fra 7 år uten dokumentert medvirkning (arbeidsliste og internkontroll); avslutter med 1 når noen mangler")
            { municipality, from, to };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var summary = s.App.ParticipationSummaryAsync(s.Actor, p.GetValue(municipality), CliDates.Parse(p.GetValue(from), "--from"),
                CliDates.Parse(p.GetValue(to), "--to"), s.Purpose).GetAwaiter().GetResult();
            var table = new Table().AddColumns("Sak", "Vedtak", "Vedtaksdato", "Barnets alder", "Status", "Mangler");
            foreach (var f in summary.Flags)
                table.AddRow(Markup.Escape(TerminalText.Safe(f.JournalNumber)), f.DecisionId.ToString(), f.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    f.ChildAge.ToString(CultureInfo.InvariantCulture), f.Pending ? "[yellow]utkast – ikke fattet[/]" : "fattet", "medvirkning ikke dokumentert");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"Vedtak for barn fra {ParticipationRules.FlagAge} år: {summary.DecisionsForChildrenOver7}, med dokumentert medvirkning: {summary.Documented}, uten: {summary.Flags.Count} (barnevernsloven § 1-4).");
            return summary.Flags.Count == 0 ? 0 : Cli.ExitCodes.Findings;
        });
        return c;
    }
}
