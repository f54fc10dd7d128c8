using System.CommandLine;
using Spectre.Console;
using Vern.Application;
using Vern.Documentation.Innsyn;
using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Rendering;
using Vern.Domain.People;

namespace Vern.Cli.Commands;

/// <summary>Parties see their own case (issue 18 part 3): <c>vern case person add|list</c> (the persons on a case),
/// <c>vern case innsyn CASE --party PARTY --out FILE.pdf|html</c> (a party's access copy with redactions) and the
/// party's «who looked at my case» behind <c>vern case access CASE --for-party</c>.</summary>
public static class InnsynCommand
{
    private static readonly Argument<string> CaseArg = new("case-id") { Description = "Sakens id (UUID)" };

    /// <summary><c>vern case innsyn CASE --party PARTY --out FILE.pdf|html</c>.</summary>
    public static Command Create()
    {
        var party = new Option<string>("--party") { Description = "Parten kopien er til: personens id (se «case person list») eller «child» for barnet", Required = true };
        var output = new Option<string>("--out") { Description = "PDF-fil (hodeløs Chromium), eller .html", Required = true };
        var c = new Command("innsyn", "Partsinnsyn: en parts kopi av saken (tidslinje og vedtak) med det parten ikke kan se tatt ut, hver gang med grunn og lovhjemmel; eksporten logges")
            { CaseArg, party, output };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var outPath = p.GetValue(output)!;
            var pdf = RequirePdfOrHtml(outPath);
            var copy = Session.Wait(s.App.InnsynAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), p.GetValue(party)!, s.Purpose));
            Write(InnsynRenderer.Html(copy), outPath, pdf);
            AnsiConsole.MarkupLineInterpolated($"Skrev {outPath}: kopi til {copy.Recipient.Role}, {copy.Timeline.Count} hendelser, {copy.Decisions.Count} vedtak, {copy.Redactions.Sum(r => r.Count)} opplysninger tatt ut.");
            foreach (var r in copy.Redactions)
                AnsiConsole.MarkupLineInterpolated($"  {r.Rule.Label}: {r.Count} ({r.Rule.LegalBasis})");
            return 0;
        });
        return c;
    }

    /// <summary><c>vern case person add|list</c>.</summary>
    public static Command Persons()
    {
        var command = new Command("person", "Personene i saken: barnets adresse, foreldre, andre med foreldreansvar, meldere (partsinnsyn bygger på dem)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Add()
    {
        var role = new Option<string>("--role") { Description = "child, parent, guardian (annen med foreldreansvar), reporter, other", Required = true };
        var name = new Option<string?>("--name") { Description = "Fullt navn (en anonym melder kan være uten)" };
        var fnr = new Option<string?>("--fnr") { Description = "Fødselsnummer eller D-nummer" };
        var address = new Option<string?>("--address") { Description = "Adresse på én linje: «Gate 1, 1234 Sted»" };
        var protection = new Option<string>("--protection") { Description = "Adressesperre: none, confidential (fortrolig), strictly-confidential (strengt fortrolig)", DefaultValueFactory = _ => "none" };
        var responsibility = new Option<bool>("--parental-responsibility") { Description = "Har foreldreansvar (barneloven § 30)" };
        var report = new Option<string?>("--report") { Description = "For en melder: meldingens id" };
        var anonymous = new Option<bool>("--anonymous") { Description = "Melderen har bedt om ikke å bli kjent for familien" };
        var reason = new Option<string?>("--party-reason") { Description = "Hvorfor personen er part når rollen ikke gjør det (f.eks. «nemnda ga barnet partsrettigheter»)" };
        var id = new Option<string?>("--id") { Description = "En person som allerede er registrert: lagrer en ny versjon" };
        var c = new Command("add", "Registrer en person i saken (eller, med --id, en ny versjon av en person)")
            { CaseArg, role, name, fnr, address, protection, responsibility, report, anonymous, reason, id };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var input = new PersonInput(PersonText.ParseRole(p.GetValue(role)!), p.GetValue(name) ?? "", p.GetValue(fnr), p.GetValue(address),
                PersonText.ParseProtection(p.GetValue(protection)!), p.GetValue(responsibility), p.GetValue(report) is { } r ? ParseEntry(r, "--report") : null,
                p.GetValue(anonymous), p.GetValue(reason));
            var view = Session.Wait(s.App.RecordPersonAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), input, p.GetValue(id) is { } i ? ParsePerson(i) : null));
            AnsiConsole.MarkupLineInterpolated($"[green]Registrert[/] {PersonText.Role(view.Person.Role)} (versjon {view.Person.Version}): {(view.Status.IsParty ? "part" : "ikke part")} – {view.Status.Reason}");
            Console.Out.WriteLine(view.Person.Id);
            return 0;
        });
        return c;
    }

    private static Command List()
    {
        var c = new Command("list", "List personene i saken med partsstatus (lesingen logges)") { CaseArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var persons = Session.Wait(s.App.CasePersonsAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), s.Purpose));
            var table = new Table().AddColumns("Id", "Rolle", "Navn", "Fødselsnummer", "Adresse", "Part");
            foreach (var v in persons)
            {
                var x = v.Person;
                var addr = x.Address is null ? "–" : x.Protection == AddressProtection.None ? x.Address : $"({PersonText.Protection(x.Protection)} adresse)";
                table.AddRow(Markup.Escape(x.Id.ToString()), Markup.Escape(PersonText.Role(x.Role) + (x.AnonymityRequested ? " (anonym)" : "")),
                    Markup.Escape(TerminalText.Safe(x.Name)), Markup.Escape(x.Identifier ?? "–"), Markup.Escape(TerminalText.Safe(addr)),
                    Markup.Escape(v.Status.IsParty ? "part" : "ikke part"));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{persons.Count} personer");
            return 0;
        });
        return c;
    }

    /// <summary><c>vern case access-names --municipality NNNN --show true|false</c>: whether parties see staff names.</summary>
    public static Command NamesSetting()
    {
        var municipality = new Option<string>("--municipality") { Description = "Kommunenummer", Required = true };
        var show = new Option<bool>("--show") { Description = "true: vis ansattes navn i «hvem har sett saken» til parter; false: bare rolle og tjeneste (standard)", Required = true };
        var c = new Command("access-names", "Innstilling: skal parter se navnet på ansatte som har sett saken (standard nei)") { municipality, show };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.SetPartyAccessShowsNamesAsync(s.Actor, p.GetValue(municipality)!, p.GetValue(show)));
            AnsiConsole.MarkupLineInterpolated($"Parter i kommune {p.GetValue(municipality)} ser nå {(p.GetValue(show) ? "navn, rolle og tjeneste" : "rolle og tjeneste, ikke navn")}.");
            return 0;
        });
        return c;
    }

    /// <summary>What <c>vern case access CASE --for-party</c> does: the party's report on screen, or to a PDF/HTML file.</summary>
    public static int AccessForParty(Session s, CaseId caseId, string? party, string? outPath)
    {
        var pdf = outPath is null || RequirePdfOrHtml(outPath);
        var report = Session.Wait(s.App.PartyAccessReportAsync(s.Actor, caseId, party, s.Purpose));
        if (outPath is not null)
        {
            Write(AccessReportRenderer.Html(report), outPath, pdf);
            AnsiConsole.MarkupLineInterpolated($"Skrev {outPath}: {report.Lines.Count} registreringer ({(report.NamesShown ? "med navn" : "uten navn på ansatte")}).");
            return 0;
        }
        var table = new Table().AddColumns("Når", "Hva", "Hvem", "Formål");
        foreach (var l in report.Lines)
            table.AddRow(l.At.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape((l.Kind == "forsøk avvist" ? "AVVIST: " : "") + l.What),
                Markup.Escape(TerminalText.Safe((l.Name is null ? "" : l.Name + ", ") + l.Role + ", " + l.Service)), Markup.Escape(TerminalText.Safe(l.Purpose)));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{report.Lines.Count} registreringer");
        return 0;
    }

    /// <summary>True for .pdf, false for .html; anything else is refused before anything is read or logged.</summary>
    private static bool RequirePdfOrHtml(string path)
    {
        if (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            return false;
        if (!path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--out: «{path}» må slutte på .pdf eller .html.");
        if (PdfPrinter.FindChromium() is null)
            throw new FileNotFoundException("Fant ikke Chromium for PDF (installer Debian-pakken chromium, eller sett VERN_CHROMIUM); skriv .html i stedet.");
        return true;
    }

    private static void Write(string html, string outPath, bool pdf)
    {
        if (pdf)
            PdfPrinter.Print(html, outPath, TimeSpan.FromSeconds(90));
        else
            CliFiles.WriteText(outPath, html);
    }

    private static EntryId ParseEntry(string text, string option) =>
        Guid.TryParse(text, out var g) ? new EntryId(g) : throw new ArgumentException($"{option}: «{text}» er ikke en id (UUID).");

    private static PersonId ParsePerson(string text) =>
        Guid.TryParse(text, out var g) ? new PersonId(g) : throw new ArgumentException($"--id: «{text}» er ikke en persons id (UUID).");
}
