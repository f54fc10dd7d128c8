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
        return command;
    }
}
