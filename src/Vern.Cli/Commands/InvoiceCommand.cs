using System.CommandLine;
using Spectre.Console;
using Vern.Application;
using Vern.Finance;

namespace Vern.Cli.Commands;

/// <summary><c>vern invoice</c>: monthly co-payment invoices per municipality with a line per child and measure, from a
/// stays file, written as CSV. Needs no database (the stays are the caller's file).</summary>
public static class InvoiceCommand
{
    public static Command Create()
    {
        var month = new Option<string>("--month") { Description = "Fakturamåned ÅÅÅÅ-MM", Required = true };
        var municipality = new Option<string?>("--municipality", "-m") { Description = "Bare denne kommunen (kommunenummer); ellers alle i filen" };
        var stays = new Option<string>("--stays") { Description = $"Oppholdene som CSV ({CsvStaySource.Header})", Required = true };
        var output = new Option<string>("--out") { Description = "CSV-filen fakturalinjene skrives til", Required = true };
        var command = new Command("invoice", "Månedlige fakturaer for kommunal egenbetaling per kommune, én linje per barn og tiltak, som CSV")
            { month, municipality, stays, output };
        command.SetAction(parse =>
        {
            var m = YearMonth.Parse(parse.GetValue(month)!);
            var source = CsvStaySource.Parse(CliFiles.ReadText(parse.GetValue(stays)!, 512L * 1024 * 1024));
            var invoices = VernApp.InvoicesFromStays(source.Stays, m, parse.GetValue(municipality));
            CliFiles.WriteText(parse.GetValue(output)!, Invoicing.ToCsv(invoices));
            AnsiConsole.MarkupLineInterpolated($"Skrev {invoices.Count} faktura(er) for {m} med {invoices.Sum(i => i.Lines.Count)} linjer, sum {invoices.Sum(i => i.Total).ToString("#,0.00", NorwegianNumbers.Format)} kr, til [green]{parse.GetValue(output)}[/].");
            return 0;
        });
        return command;
    }
}
