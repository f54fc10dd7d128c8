using System.CommandLine;
using Spectre.Console;
using Vern.Application;
using Vern.Finance;

namespace Vern.Cli.Commands;

/// <summary><c>vern invoice</c>: monthly co-payment invoices per municipality with a line per child and measure, written as
/// CSV: from a stays file (<c>--stays</c>; needs no database), or from the state side's stays stored in the database
/// (the actor's municipality; access-checked and logged).</summary>
public static class InvoiceCommand
{
    public static Command Create()
    {
        var month = new Option<string>("--month") { Description = "Fakturamåned ÅÅÅÅ-MM", Required = true };
        var municipality = new Option<string?>("--municipality", "-m") { Description = "Bare denne kommunen (kommunenummer); med --stays ellers alle i filen, uten --stays ellers din kommune" };
        var stays = new Option<string?>("--stays") { Description = $"Oppholdene som CSV ({CsvStaySource.Header}); uten: oppholdene i databasen (Bufetats opphold)" };
        var output = new Option<string>("--out") { Description = "CSV-filen fakturalinjene skrives til", Required = true };
        var store = new Option<bool>("--store") { Description = "Utsted og lagre månedens fakturaer fra oppholdene i databasen (Bufetats inntak, egen region); en endring gir kreditnota og ny faktura" };
        var command = new Command("invoice", "Månedlige fakturaer for kommunal egenbetaling per kommune, én linje per barn og tiltak, som CSV")
            { month, municipality, stays, output, store };
        command.SetAction(parse =>
        {
            var m = YearMonth.Parse(parse.GetValue(month)!);
            IReadOnlyList<Invoice> invoices;
            if (parse.GetValue(store))
            {
                if (parse.GetValue(stays) is not null)
                    throw new ArgumentException("--store: lagrede fakturaer lages fra oppholdene i databasen, ikke fra --stays.");
                using var s = Session.Open(parse);
                var run = Session.Wait(s.App.IssueInvoicesAsync(s.Actor, m, parse.GetValue(municipality), s.Purpose));
                CliFiles.WriteText(parse.GetValue(output)!, Invoicing.ToCsv(run.Stored));
                AnsiConsole.MarkupLineInterpolated($"Lagret {run.Stored.Count(d => d.Kind == Vern.Domain.Finance.IssuedInvoiceKind.Invoice)} faktura(er) og {run.Stored.Count(d => d.Kind == Vern.Domain.Finance.IssuedInvoiceKind.CreditNote)} kreditnota(er) for {m}; uendret: {run.Unchanged.Count} kommune(r). Linjene står i {parse.GetValue(output)}.");
                return 0;
            }
            if (parse.GetValue(stays) is { } file)
            {
                var source = CsvStaySource.Parse(CliFiles.ReadText(file, 512L * 1024 * 1024));
                invoices = VernApp.InvoicesFromStays(source.Stays, m, parse.GetValue(municipality));
            }
            else
            {
                using var s = Session.Open(parse);
                var who = parse.GetValue(municipality) ?? s.Actor.MunicipalityNumber
                    ?? throw new ArgumentException("--municipality: oppgi kommunen (brukeren har ingen kommune).");
                invoices = Session.Wait(s.App.InvoicesAsync(s.Actor, new StoredStaySource(s.App, s.Actor, s.Purpose), m, who, s.Purpose));
            }
            CliFiles.WriteText(parse.GetValue(output)!, Invoicing.ToCsv(invoices));
            AnsiConsole.MarkupLineInterpolated($"Skrev {invoices.Count} faktura(er) for {m} med {invoices.Sum(i => i.Lines.Count)} linjer, sum {invoices.Sum(i => i.Total).ToString("#,0.00", NorwegianNumbers.Format)} kr, til [green]{parse.GetValue(output)}[/].");
            return 0;
        });
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(List());
        return command;
    }

    private static YearMonth? Month(string? text) => text is null ? null : YearMonth.Parse(text);

    /// <summary><c>vern invoice export --out DIR [--month]</c>: Bufetat writes its region's stored invoices and credit notes as files.</summary>
    private static Command Export()
    {
        var dir = new Option<string>("--out") { Description = "Mappen fakturafilene (*.faktura.json) skrives til", Required = true };
        var month = new Option<string?>("--month") { Description = "Bare denne måneden (ÅÅÅÅ-MM)" };
        var c = new Command("export", "Skriv regionens lagrede fakturaer og kreditnotaer som filer til kommunene (Verns eget format, docs/finance.md)") { dir, month };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var files = Session.Wait(s.App.ExportInvoicesAsync(s.Actor, p.GetValue(dir)!, Month(p.GetValue(month)), s.Purpose));
            foreach (var f in files)
                Console.Out.WriteLine(f);
            AnsiConsole.MarkupLineInterpolated($"{files.Count} fakturafiler skrevet.");
            return 0;
        });
        return c;
    }

    /// <summary><c>vern invoice import DIR</c>: the municipality reads the invoice files addressed to it.</summary>
    private static Command Import()
    {
        var dir = new Argument<string>("dir") { Description = "Mappen med fakturafiler (*.faktura.json)" };
        var c = new Command("import", "Les inn Bufetats fakturafiler til kommunen; samme faktura to ganger endrer ingenting, en avvist fil lagrer ingenting") { dir };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var results = Session.Wait(s.App.ImportInvoicesAsync(s.Actor, p.GetValue(dir)!, s.Purpose));
            foreach (var r in results)
                Console.Out.WriteLine($"{r.File}: {TerminalText.Safe(r.Outcome)}");
            var failed = results.Count(r => r.Outcome.StartsWith("feil:", StringComparison.Ordinal));
            AnsiConsole.MarkupLineInterpolated($"{results.Count(r => r.Outcome == "mottatt")} mottatt, {results.Count(r => r.Outcome == "duplikat")} duplikater, {failed} avvist.");
            return failed > 0 ? 1 : 0;
        });
        return c;
    }

    /// <summary><c>vern invoice list [--month] [--out CSV]</c>: the stored invoices the actor may see (a leader: the municipality's
    /// received ones; Bufetat: those its region issued).</summary>
    private static Command List()
    {
        var month = new Option<string?>("--month") { Description = "Bare denne måneden (ÅÅÅÅ-MM)" };
        var output = new Option<string?>("--out") { Description = "Skriv linjene som CSV hit" };
        var c = new Command("list", "De lagrede fakturaene og kreditnotaene du har tilgang til; lesingen logges") { month, output };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var docs = Session.Wait(s.App.IssuedInvoicesAsync(s.Actor, Month(p.GetValue(month)), null, s.Purpose));
            var table = new Table().AddColumns("Nummer", "Type", "Krediterer", "Kommune", "Måned", "Linjer", "Sum (kr)", "Utsteder");
            foreach (var d in docs)
                table.AddRow(d.Number, d.Kind == Vern.Domain.Finance.IssuedInvoiceKind.CreditNote ? "kreditnota" : "faktura", d.Credits ?? "", d.Municipality, $"{d.Year:D4}-{d.Month:D2}",
                    d.Lines.Count.ToString(NorwegianNumbers.Format), d.Total.ToString("#,0.00", NorwegianNumbers.Format), Markup.Escape(d.Issuer));
            AnsiConsole.Write(table);
            if (p.GetValue(output) is { } file)
                CliFiles.WriteText(file, Invoicing.ToCsv(docs));
            AnsiConsole.MarkupLineInterpolated($"{docs.Count} dokumenter; i kraft: {docs.GroupBy(d => (d.Municipality, d.Year, d.Month)).Select(g => VernApp.Effective(g)).Sum(e => e?.Total ?? 0m).ToString("#,0.00", NorwegianNumbers.Format)} kr.");
            return 0;
        });
        return c;
    }
}
