using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Finance;
using Vern.Finance;

namespace Vern.Cli.Commands;

/// <summary><c>vern kostra</c>: the child welfare cost accounting for a year: each expense posted to KOSTRA function 244,
/// 251 or 252 (seed 002 appendix D) and an art (seed 001), the co-payments of the year's stays as purchases from the
/// state, and the cost per child with measures. Needs no database (the expenses and stays are the caller's files).</summary>
public static class KostraCommand
{
    public static Command Create()
    {
        var year = new Option<int>("--year") { Description = "Regnskapsåret", Required = true };
        var municipality = new Option<string?>("--municipality", "-m") { Description = "Bare denne kommunen; ellers alle i filene" };
        var expenses = new Option<string?>("--expenses") { Description = $"Utgiftene som CSV ({CostAccounting.ExpensesHeader})" };
        var stays = new Option<string?>("--stays") { Description = $"Opphold i statlige tiltak som CSV ({CsvStaySource.Header}); egenbetalingen føres som kjøp fra staten" };
        var format = new Option<string>("--format") { Description = "table eller csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var command = new Command("kostra", "Kommunens barnevernsregnskap etter KOSTRA-funksjon (244, 251, 252) og art, og kostnad per barn med tiltak")
            { year, municipality, expenses, stays, format };
        command.SetAction(parse =>
        {
            var e = parse.GetValue(expenses) is { } ef ? CostAccounting.ParseExpenses(CliFiles.ReadText(ef, 512L * 1024 * 1024)) : [];
            var s = parse.GetValue(stays) is { } sf ? CsvStaySource.Parse(CliFiles.ReadText(sf, 512L * 1024 * 1024)).Stays : [];
            if (e.Count == 0 && s.Count == 0)
                throw new ArgumentException("--expenses eller --stays: oppgi minst én fil med utgifter eller opphold.");
            var report = VernApp.Kostra(e, s, parse.GetValue(year), parse.GetValue(municipality));
            if (parse.GetValue(format) == "csv")
            {
                Console.Out.Write(CostAccounting.ToCsv(report));
                return 0;
            }
            var nb = NorwegianNumbers.Format;
            var table = new Table().AddColumns("Funksjon", "Art", "Beløp", "Posteringer");
            foreach (var r in report.Rows)
                table.AddRow($"{(int)r.Function} {FunctionName(r.Function)}", ((int)r.Art).ToString(CultureInfo.InvariantCulture), r.Amount.ToString("#,0.00", nb), r.Postings.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"Sum {report.Year} ({report.Municipality ?? "alle kommuner"}): [bold]{report.Total.ToString("#,0.00", nb)} kr[/]. Barn med tiltak: {report.Children.Count}; kostnad per barn (251+252): [bold]{report.CostPerChild.ToString("#,0.00", nb)} kr[/].");
            return 0;
        });
        return command;
    }

    private static string FunctionName(KostraFunction f) => f switch
    {
        KostraFunction.ChildWelfareService => "Barnevernstjeneste",
        KostraFunction.NotPlacedByChildWelfare => "Tiltak, barnet ikke plassert",
        KostraFunction.PlacedByChildWelfare => "Tiltak, barnet plassert",
        _ => f.ToString(),
    };
}
