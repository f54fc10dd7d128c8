using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;

namespace Vern.Cli.Commands;

/// <summary><c>vern child …</c>: one child, one record (issue 18 part 2): possible duplicates of a case's child or of a
/// child given by number, name and birth date; link or dismiss a candidate with a reason; record another number the child
/// is known by. Everything through <see cref="VernApp"/>; every lookup is logged.</summary>
public static class MatchCommand
{
    public static Command Create()
    {
        var command = new Command("child", "Samme barn i flere saker: mulige dubletter, koble, avvise, andre numre barnet er kjent med");
        command.Subcommands.Add(Candidates());
        command.Subcommands.Add(Decide("link", "Koble: de to sakene gjelder samme barn (begrunnelse kreves; lagres med hvem og når)", linked: true));
        command.Subcommands.Add(Decide("dismiss", "Avvis: ikke samme barn (begrunnelse kreves); paret foreslås aldri igjen", linked: false));
        command.Subcommands.Add(Alias());
        command.Subcommands.Add(Decisions());
        return command;
    }

    private static Command Candidates()
    {
        var caseId = new Argument<string?>("case-id") { Description = "Sakens id (UUID); eller oppgi barnet med --fnr/--duf/--given-name/--family-name/--birth-date", Arity = ArgumentArity.ZeroOrOne };
        var municipality = new Option<string?>("--municipality") { Description = "Kommunenummer (standard: din egen)" };
        var fnr = new Option<string?>("--fnr") { Description = "Fødselsnummer eller D-nummer" };
        var duf = new Option<string?>("--duf") { Description = "DUF-nummer" };
        var given = new Option<string?>("--given-name") { Description = "Fornavn" };
        var family = new Option<string?>("--family-name") { Description = "Etternavn" };
        var birth = new Option<string?>("--birth-date") { Description = "Fødselsdato (ÅÅÅÅ-MM-DD)" };
        var c = new Command("candidates", "Mulige dubletter av barnet i samme kommune, med poengsum og begrunnelse (oppslaget logges)") { caseId, municipality, fnr, duf, given, family, birth };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            IReadOnlyList<ChildCandidate> found;
            if (p.GetValue(caseId) is { } text)
            {
                found = Session.Wait(s.App.CaseCandidatesAsync(s.Actor, CaseId.Parse(text), s.Purpose));
            }
            else
            {
                var date = CliDates.Parse(p.GetValue(birth), "--birth-date");
                var child = new ChildIdentity(p.GetValue(fnr), p.GetValue(duf), p.GetValue(given), p.GetValue(family), date, null);
                if (child is { Identifier: null, DufNumber: null, GivenName: null, FamilyName: null, BirthDate: null })
                    throw new ArgumentException("Oppgi en sak (case-id) eller barnet: --fnr, --duf, --given-name, --family-name eller --birth-date.");
                var m = p.GetValue(municipality) ?? s.Actor.MunicipalityNumber ?? throw new ArgumentException("--municipality: oppgi kommunenummeret.");
                found = Session.Wait(s.App.FindChildCandidatesAsync(s.Actor, m, child, s.Purpose));
            }
            Write(found);
            return 0;
        });
        return c;
    }

    /// <summary>Prints candidates (also used after «case open» and imports).</summary>
    internal static void Write(IReadOnlyList<ChildCandidate> candidates)
    {
        if (candidates.Count == 0)
        {
            AnsiConsole.MarkupLine("Ingen mulige dubletter i kommunen.");
            return;
        }
        AnsiConsole.MarkupLineInterpolated($"[yellow]{candidates.Count} mulig(e) dublett(er) – samme barn i en annen sak?[/]");
        foreach (var c in candidates)
        {
            var who = c.Visible
                ? $"{TerminalText.Safe(c.GivenName ?? "?")} {TerminalText.Safe(c.FamilyName ?? "")}, født {c.BirthDate?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "ukjent"}, journalnr. {TerminalText.Safe(c.JournalNumber ?? "")}"
                : "sak du ikke har tilgang til (be leder vurdere)";
            var status = c.Decision == MatchVerdict.Linked ? " [green](koblet)[/]" : "";
            AnsiConsole.MarkupLine($"  [bold]{c.Score.ToString("0.00", CultureInfo.InvariantCulture)}[/] sak {c.CaseId}: {Markup.Escape(who)}{status}");
            if (c.AddressProtected)
                AnsiConsole.MarkupLineInterpolated($"      [red]Adressebeskyttelse: {AddressProtections.Norwegian(c.Protection)} – ingen adresse vises[/]");
            foreach (var r in c.Reasons)
                AnsiConsole.MarkupLineInterpolated($"      – {TerminalText.Safe(r)}");
        }
    }

    private static Command Decide(string name, string description, bool linked)
    {
        var a = new Argument<string>("case-a") { Description = "Den ene saken (UUID)" };
        var b = new Argument<string>("case-b") { Description = "Den andre saken (UUID)" };
        var reason = new Option<string>("--reason") { Description = "Begrunnelse", Required = true };
        var c = new Command(name, description) { a, b, reason };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var (x, y) = (CaseId.Parse(p.GetValue(a)!), CaseId.Parse(p.GetValue(b)!));
            var d = linked
                ? Session.Wait(s.App.LinkChildrenAsync(s.Actor, x, y, p.GetValue(reason)!))
                : Session.Wait(s.App.DismissCandidateAsync(s.Actor, x, y, p.GetValue(reason)!));
            AnsiConsole.MarkupLineInterpolated($"[green]Lagret[/]: {(linked ? "koblet" : "avvist")} {d.CaseA} og {d.CaseB} av {TerminalText.Safe(d.DecidedBy)} {d.DecidedAt:yyyy-MM-dd HH:mm} UTC");
            return 0;
        });
        return c;
    }

    private static Command Alias()
    {
        var caseId = new Argument<string>("case-id") { Description = "Sakens id (UUID)" };
        var number = new Option<string>("--number") { Description = "D-nummer, DUF-nummer eller tidligere fødselsnummer", Required = true };
        var reason = new Option<string>("--reason") { Description = "Begrunnelse (f.eks. kilden)", Required = true };
        var c = new Command("alias", "Registrer et annet nummer barnet er kjent med (D-nummer, DUF-nummer, tidligere fødselsnummer)") { caseId, number, reason };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var alias = Session.Wait(s.App.AddChildAliasAsync(s.Actor, CaseId.Parse(p.GetValue(caseId)!), p.GetValue(number)!, p.GetValue(reason)!));
            AnsiConsole.MarkupLineInterpolated($"[green]Lagret[/]: {alias.Kind} {alias.Value} for sak {alias.CaseId}");
            return 0;
        });
        return c;
    }

    private static Command Decisions()
    {
        var caseId = new Argument<string>("case-id") { Description = "Sakens id (UUID)" };
        var c = new Command("decisions", "Avgjørelser om mulige dubletter for saken: hvem, når, hvorfor") { caseId };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var table = new Table().AddColumns("Når (UTC)", "Hvem", "Avgjørelse", "Saker", "Begrunnelse");
            foreach (var d in Session.Wait(s.App.MatchDecisionsAsync(s.Actor, CaseId.Parse(p.GetValue(caseId)!), s.Purpose)))
                table.AddRow(d.DecidedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(TerminalText.Safe(d.DecidedBy)),
                    d.Verdict == MatchVerdict.Linked ? "koblet" : "avvist", $"{d.CaseA}\n{d.CaseB}", Markup.Escape(TerminalText.Safe(d.Reason)));
            AnsiConsole.Write(table);
            return 0;
        });
        return c;
    }
}
