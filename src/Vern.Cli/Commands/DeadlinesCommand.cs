using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Vern.Deadlines;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;

namespace Vern.Cli.Commands;

/// <summary><c>vern deadlines</c>: every open statutory duty as of a date (table, JSON or CSV);
/// <c>vern deadlines index</c> brings the deadline index up to date.</summary>
public static class DeadlinesCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var asOf = DeadlineOptions.AsOf();
        var municipality = DeadlineOptions.Municipality();
        var format = new Option<string>("--format") { Description = "table, json eller csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var overdue = new Option<bool>("--overdue") { Description = "Bare oppgaver over fristen" };
        var limit = new Option<int>("--limit") { Description = "Høyst så mange rader i tabellen (json/csv gir alle)", DefaultValueFactory = _ => 40 };
        var command = new Command("deadlines", "Åpne lovpålagte frister per sak på en dato (tabell, JSON eller CSV)") { asOf, municipality, format, overdue, limit };
        command.SetAction(parse =>
        {
            var day = parse.GetValue(asOf) ?? DeadlineOptions.Today();
            DeadlineOptions.WideOutput();
            using var s = Session.Open(parse);
            var watch = Stopwatch.StartNew();
            var list = Session.Wait(s.App.DeadlinesAsync(s.Actor, parse.GetValue(municipality), day, s.Purpose));
            var computed = watch.Elapsed;
            var open = list.Open.ToList();
            if (parse.GetValue(overdue)) open = open.Where(o => o.Status == ObligationStatus.Overdue).ToList();
            open.Sort(Worklists.ByUrgency);
            switch (parse.GetValue(format))
            {
                case "json":
                    using (var stdout = Console.OpenStandardOutput())
                        JsonSerializer.Serialize(stdout, open.Select(o => ObligationView.From(o, day)), Json);
                    Console.Out.WriteLine();
                    break;
                case "csv":
                    var w = Console.Out;
                    w.WriteLine(ObligationView.CsvHeader);
                    foreach (var o in open) w.WriteLine(ObligationView.From(o, day).ToCsv());
                    break;
                default:
                    PrintTable(open, day, parse.GetValue(limit));
                    AnsiConsole.MarkupLineInterpolated(
                        $"[grey]{open.Count:N0} åpne oppgaver ({open.Count(o => o.Status == ObligationStatus.Overdue):N0} over fristen) i {list.OpenCases:N0} åpne saker per {day:yyyy-MM-dd}. Indeks lastet og frister beregnet på {computed.TotalMilliseconds:N0} ms.[/]");
                    break;
            }
            return 0;
        });
        command.Subcommands.Add(CreateIndex());
        return command;
    }

    private static Command CreateIndex()
    {
        var rebuild = new Option<bool>("--rebuild") { Description = "Bygg hele indeksen på nytt" };
        var command = new Command("index", "Oppdater fristindeksen (bare endrede saker, eller alle med --rebuild)") { rebuild };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var result = Session.Wait(s.App.RefreshDeadlineIndexAsync(s.Actor, parse.GetValue(rebuild)));
            AnsiConsole.MarkupLineInterpolated($"Fristindeks: {result.Updated:N0} saker oppdatert, {result.Total:N0} i alt{(result.Repacked ? ", pakket på nytt" : "")} ({result.Elapsed.TotalSeconds:0.0} s).");
            return 0;
        });
        return command;
    }

    internal static void PrintTable(IReadOnlyList<Obligation> open, DateOnly day, int limit)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Frist").AddColumn(new TableColumn("Dager").RightAligned()).AddColumn("Status").AddColumn("Oppgave")
            .AddColumn("Sak").AddColumn("Saksbehandler").AddColumn("Lov").AddColumn("Hjemmel");
        foreach (var o in open.Take(limit))
        {
            var days = o.DaysLeft(day);
            var colour = days < 0 ? "red" : days <= 7 ? "yellow" : "green";
            table.AddRow(
                new Markup($"{o.DueDate:yyyy-MM-dd}"),
                new Markup($"[{colour}]{days}[/]"),
                new Markup(Markup.Escape(ObligationView.StatusText(o.Status))),
                new Markup(Markup.Escape(o.Rule.Title + (o.Detail is null ? "" : $" ({o.Detail})"))),
                new Markup(Markup.Escape($"{o.Case.MunicipalityNumber} {o.Case.JournalNumber}")),
                new Markup(Markup.Escape(o.Responsible ?? Worklist.UnassignedLabel)),
                new Markup(Markup.Escape(o.Rule.Act)),
                new Markup(Markup.Escape(o.Rule.Source.Citation)));
        }
        AnsiConsole.Write(table);
        if (open.Count > limit)
            AnsiConsole.MarkupLineInterpolated($"[grey]… {open.Count - limit:N0} flere (bruk --limit, --format json eller --format csv).[/]");
    }
}
