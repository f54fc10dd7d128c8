using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Finance;
using Vern.Domain.Validation;
using Vern.Finance;

namespace Vern.Cli.Commands;

/// <summary><c>vern copay</c>: what a municipality owes the state for one stay in a state measure (kommunal egenbetaling),
/// with the lines behind it; <c>--list</c> shows the measures and their rates. Needs no database.</summary>
public static class CopayCommand
{
    public static Command Create()
    {
        var measure = new Option<string?>("--measure") { Description = "Tiltakskode (se --list), f.eks. institution, institution-uam, mst" };
        var from = new Option<string?>("--from") { Description = "Første dag (ÅÅÅÅ-MM-DD)" };
        var to = new Option<string?>("--to") { Description = "Siste dag, inklusive (ÅÅÅÅ-MM-DD)" };
        var placedOn = new Option<string?>("--placed-on") { Description = "Plasseringsdato (standard: --from); beredskapshjem/spesialiserte fosterhjem plassert før 2022 beholder gamle vilkår" };
        var settledOn = new Option<string?>("--settled-on") { Description = "For institution-uam: bosettingsdato; fra den dagen gjelder ordinær sats" };
        var format = new Option<string>("--format") { Description = "table eller json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var list = new Option<bool>("--list") { Description = "Vis tiltakskodene med satser per år" };
        var parents = new Option<int>("--parents") { Description = "Senter for foreldre og barn: foresatte på oppholdet (1 eller 2)", DefaultValueFactory = _ => 1 };
        var children = new Option<int>("--children") { Description = "Senter for foreldre og barn: barn på oppholdet", DefaultValueFactory = _ => 1 };
        var rates = new Option<string?>("--rates") { Description = "JSON-fil med satstabell(er) for år Vern ikke har (year, monthlyNok per tiltakskode, preReformFosterHomeMonthlyNok, source); se docs/finance.md" };
        var command = new Command("copay", "Kommunal egenbetaling for et opphold i et statlig barnevernstiltak, med linjene bak summen")
            { measure, from, to, placedOn, settledOn, format, list, parents, children, rates };
        command.SetAction(parse =>
        {
            var json = parse.GetValue(format) == "json";
            var book = CopayRates.Shipped;
            if (parse.GetValue(rates) is { } ratesFile)
                foreach (var table in CopayRateBook.Parse(CliFiles.ReadText(ratesFile, 1024 * 1024), ratesFile))
                    book = book.With(table);
            if (parse.GetValue(list))
            {
                PrintList(json, book);
                return 0;
            }
            var missing = new List<ValidationIssue>();
            void Need(string? value, string name)
            {
                if (string.IsNullOrWhiteSpace(value))
                    missing.Add(new ValidationIssue("vern.copay.required", Severity.Error, name, $"{name}: mangler (påkrevd uten --list).", "vern copay --help"));
            }
            Need(parse.GetValue(measure), "measure");
            Need(parse.GetValue(from), "from");
            Need(parse.GetValue(to), "to");
            if (missing.Count > 0) throw new DomainRuleException(missing);
            var stay = new CopayStay(parse.GetValue(measure)!, CliDates.Parse(parse.GetValue(from), "--from")!.Value, CliDates.Parse(parse.GetValue(to), "--to")!.Value,
                CliDates.Parse(parse.GetValue(placedOn), "--placed-on"), CliDates.Parse(parse.GetValue(settledOn), "--settled-on"), parse.GetValue(parents), parse.GetValue(children));
            var result = VernApp.Copay(stay, book);
            if (json)
                Console.Out.WriteLine(ToJson(result));
            else
                Print(result);
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ToJson(CopayResult r) => JsonSerializer.Serialize(new
    {
        measure = r.Stay.Measure,
        from = Iso(r.Stay.From),
        to = Iso(r.Stay.To),
        placedOn = r.Stay.PlacedOn is { } p ? Iso(p) : null,
        settledOn = r.Stay.SettledOn is { } s ? Iso(s) : null,
        currency = "NOK",
        total = r.Total,
        lines = r.Lines.Select(l => new
        {
            from = Iso(l.From), to = Iso(l.To), rateKind = Invoicing.RateKindCode(l.RateKind), monthlyRate = l.MonthlyRate,
            days = l.Days, daysInMonth = l.DaysInMonth, amount = l.Amount, source = l.Source,
        }),
    }, Json);

    private static void Print(CopayResult r)
    {
        var table = new Table().AddColumns("Fra", "Til", "Sats", "Sats/mnd", "Dager", "Beløp");
        foreach (var l in r.Lines)
            table.AddRow(Iso(l.From), Iso(l.To), Invoicing.RateKindCode(l.RateKind), Kr(l.MonthlyRate), $"{l.Days}/{l.DaysInMonth}", Kr(l.Amount));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Sum for {r.Stay.Measure} {Iso(r.Stay.From)}–{Iso(r.Stay.To)}: [bold]{Kr(r.Total)} kr[/]");
    }

    private static void PrintList(bool json, CopayRateBook book)
    {
        var tables = book.Tables;
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(CopayMeasures.All.Select(m => new
            {
                code = m.Code, name = m.Name, kostraFunction = (int)m.Function,
                monthlyRates = tables.ToDictionary(t => t.Year.ToString(CultureInfo.InvariantCulture), t => t.MonthlyNok[m.Code]),
                preReformPlacementRates = CopayMeasures.KeepsPreReformTerms(m.Code)
                    ? tables.Where(t => t.PreReformFosterHomeMonthlyNok is not null).ToDictionary(t => t.Year.ToString(CultureInfo.InvariantCulture), t => t.PreReformFosterHomeMonthlyNok)
                    : null,
            }), Json));
            return;
        }
        var table = new Table().AddColumn("Kode").AddColumn("Tiltak");
        foreach (var t in tables) table.AddColumn(new TableColumn(t.Year.ToString(CultureInfo.InvariantCulture)).RightAligned());
        foreach (var m in CopayMeasures.All)
            table.AddRow([m.Code, Markup.Escape(m.Name), .. tables.Select(t => Kr(t.MonthlyNok[m.Code]))]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("Nominelle kroner per barn per måned. Beredskapshjem/spesialiserte fosterhjem plassert før 2022: "
            + string.Join(", ", tables.Where(t => t.PreReformFosterHomeMonthlyNok is not null).Select(t => $"{t.Year}: {Kr(t.PreReformFosterHomeMonthlyNok!.Value)}")) + ".");
        foreach (var t in tables)
            AnsiConsole.MarkupLineInterpolated($"[grey]{t.Year}: {t.Source}[/]");
    }

    private static string Kr(decimal amount) => amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00", NorwegianNumbers.Format);
}
