using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Statistics;
using Vern.Statistics.Output;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern stats</c>: indicators from Vern's case data and imported SSB tables (<c>indicators</c>), and the
/// municipal council's annual report on the state of the service (<c>report</c>).</summary>
public static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Statistikk og indikatorer fra sakene og fra SSBs tabeller; tilstandsrapport til kommunestyret");
        command.Subcommands.Add(Indicators());
        command.Subcommands.Add(Report());
        return command;
    }

    private static Option<string?> Municipality() => new("--municipality", "-m") { Description = "Én kommune (kommunenummer); ellers alle, med fylke, størrelsesgruppe og landet" };

    private static Option<string[]> Public() => new("--public")
    {
        Description = "SSB-tabeller eksportert som CSV (09050, 10660, 10673, 11600, 12362, 12845; 07459 gir befolkning for rater per 1 000)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Option<bool> SuppressSmall() => new("--suppress-small")
    {
        Description = "Prikk små tall (1–4, se --suppress-max) og tall som ellers kunne regnes ut fra summene; slik analytikere ser tallene",
    };

    private static Option<int> SuppressMax() => new("--suppress-max") { Description = "Største antall som prikkes med --suppress-small", DefaultValueFactory = _ => SuppressionRule.Default.MaxSuppressed };

    /// <summary>The suppression rule the options ask for, or null for exact figures.</summary>
    private static SuppressionRule? Rule(ParseResult parse, Option<bool> on, Option<int> max) =>
        parse.GetValue(on) ? (SuppressionRule.Default with { MaxSuppressed = parse.GetValue(max), Id = $"vern-1-{parse.GetValue(max)}" }).Validated() : null;

    private static Command Indicators()
    {
        var municipality = Municipality();
        var year = new Option<int?>("--year") { Description = "Siste år (standard: i fjor)" };
        var years = new Option<int>("--years") { Description = "Antall år bakover fra --year", DefaultValueFactory = _ => 5 };
        var format = new Option<string>("--format") { Description = "table, csv eller json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var publicTables = Public();
        var indicator = new Option<string[]>("--indicator") { Description = "Bare disse indikatorene (id)", AllowMultipleArgumentsPerToken = true };
        var region = new Option<string[]>("--region") { Description = "Bare disse regionene i tabellen (f.eks. landet, «fylke 46», 4601)", AllowMultipleArgumentsPerToken = true };
        var allAges = new Option<bool>("--all-ages") { Description = "Alle aldersgrupper (0-5, 6-12, 13-17 …), ikke bare alle/0-17/18-24" };
        var suppress = SuppressSmall();
        var suppressMax = SuppressMax();
        var command = new Command("indicators", "Indikatorene per kommune, fylke, størrelsesgruppe og landet, med rate per 1 000 og endring fra året før")
            { municipality, year, years, format, publicTables, indicator, region, allAges, suppress, suppressMax };
        command.SetAction(parse =>
        {
            var last = parse.GetValue(year) ?? Today().Year - 1;
            using var s = Session.Open(parse);
            var query = new StatisticsQuery(parse.GetValue(municipality) ?? (s.Actor.Role == Vern.Domain.Access.Role.Leader ? s.Actor.MunicipalityNumber : null),
                last - Math.Max(1, parse.GetValue(years)) + 1, last, parse.GetValue(publicTables) ?? [], parse.GetValue(allAges));
            var result = WithProgress(parse.GetValue(format) == "table", p => Session.Wait(s.App.StatisticsAsync(s.Actor, query, p, s.Purpose, Rule(parse, suppress, suppressMax))));
            var rows = result.Rows.AsEnumerable();
            if (parse.GetValue(indicator) is { Length: > 0 } ids) rows = rows.Where(r => ids.Contains(r.IndicatorId));
            if (parse.GetValue(region) is { Length: > 0 } regions) rows = rows.Where(r => regions.Contains(r.Region));
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.Out.WriteLine(IndicatorFiles.ToJson(result with { Rows = rows.ToList() }));
                    break;
                case "csv":
                    // Through a large buffer: the console's own writer sends a national table (≈ 100 MB) to the terminal or
                    // pipe a few hundred characters at a time. Same encoding as the console's, without a byte order mark.
                    using (var output = new StreamWriter(Console.OpenStandardOutput(), Console.Out.Encoding, 1 << 16))
                        IndicatorFiles.WriteCsv(output, rows);
                    break;
                default:
                    if (parse.GetValue(region) is not { Length: > 0 } && query.Municipality is null)
                        rows = rows.Where(r => r.Region.StartsWith("landet", StringComparison.Ordinal) || r.Region.StartsWith("kommunene", StringComparison.Ordinal));
                    Print(rows.ToList(), result);
                    break;
            }
            return 0;
        });
        return command;
    }

    private static Command Report()
    {
        var municipality = new Option<string>("--municipality", "-m") { Description = "Kommunenummer", Required = true };
        var year = new Option<int?>("--year") { Description = "Rapportåret (standard: i fjor)" };
        var output = new Option<string>("--out") { Description = "Mappen rapporten skrives til (index.html og figurene)", Required = true };
        var publicTables = Public();
        var suppress = SuppressSmall();
        var suppressMax = SuppressMax();
        var command = new Command("report", "Tilstandsrapport til kommunestyret (barnevernsloven § 15-3 femte ledd) som HTML med figurer, og PDF når chromium finnes")
            { municipality, year, output, publicTables, suppress, suppressMax };
        command.SetAction(parse =>
        {
            var today = Today();
            using var s = Session.Open(parse);
            var files = WithProgress(true, p => Session.Wait(s.App.AnnualReportAsync(s.Actor, parse.GetValue(municipality)!, parse.GetValue(year) ?? today.Year - 1,
                parse.GetValue(output)!, parse.GetValue(publicTables) ?? [], p, s.Purpose, Rule(parse, suppress, suppressMax))));
            AnsiConsole.MarkupLineInterpolated($"Skrev [green]{files.Html}[/] med figurer (PNG og SVG).");
            if (files.Pdf is not null) AnsiConsole.MarkupLineInterpolated($"Skrev [green]{files.Pdf}[/].");
            if (files.PdfNote is not null) AnsiConsole.MarkupLineInterpolated($"[yellow]{files.PdfNote}[/]");
            return 0;
        });
        return command;
    }

    /// <summary>Today in Norway, read from the system clock here at the edge.</summary>
    private static DateOnly Today() => NorwegianTime.Today(TimeProvider.System);


    /// <summary>A progress bar on the terminal while the cases are read (none when output is redirected).</summary>
    private static T WithProgress<T>(bool show, Func<IProgress<long>?, T> work)
    {
        if (!show || Console.IsOutputRedirected)
            return work(null);
        return AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("Leser saker");
                task.IsIndeterminate = true;
                return work(new Progress<long>(n => task.Description = $"Leser saker: {n:N0}"));
            });
    }

    private static void Print(IReadOnlyList<IndicatorRow> rows, StatisticsResult result)
    {
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var c) && c > 40 ? c : 180;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Indikatorer {result.Query.FromYear}–{result.Query.ToYear} ({result.CasesRead:N0} saker lest)"))
            .AddColumn("Indikator").AddColumn("Region").AddColumn(new TableColumn("År").RightAligned()).AddColumn("Alder")
            .AddColumn(new TableColumn("Verdi").RightAligned()).AddColumn(new TableColumn("Per 1 000").RightAligned())
            .AddColumn(new TableColumn("Endring").RightAligned()).AddColumn("Opphav");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Label), Markup.Escape(r.Region), r.Year.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.AgeGroup),
                Markup.Escape(r.Symbol ?? IndicatorFiles.Number(r.Value) + (r.Unit == "%" ? " %" : "")), IndicatorFiles.Number(r.Per1000),
                IndicatorFiles.Number(r.Change), Markup.Escape(r.Origin));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]Definisjoner og kilder: docs/statistics.md; endring i prosent, for andeler i prosentpoeng; --format csv|json gir alle rader.[/]");
        if (result.Suppression is { } rule)
            AnsiConsole.MarkupLineInterpolated($"[grey]«{rule.Symbol}» = prikket: antall 1–{rule.MaxSuppressed} og tall som ellers kunne regnes ut fra summene (regel {rule.Id}).[/]");
    }
}
