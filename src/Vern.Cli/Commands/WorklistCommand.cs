using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vern.Deadlines;
using Vern.Deadlines.Reports;

namespace Vern.Cli.Commands;

/// <summary><c>vern worklist</c>: open duties per caseworker and per service ("ikke fordelt"), most urgent first.</summary>
public static class WorklistCommand
{
    public static Command Create()
    {
        var asOf = DeadlineOptions.AsOf();
        var municipality = DeadlineOptions.Municipality();
        var caseworker = new Option<string?>("--caseworker", "-s") { Description = "Bare én saksbehandler («ikke fordelt» for saker uten)" };
        var limit = new Option<int>("--limit") { Description = "Høyst så mange oppgaver per liste", DefaultValueFactory = _ => 15 };
        var format = new Option<string>("--format") { Description = "table eller json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var summary = new Option<bool>("--summary") { Description = "Bare oversikten per tjeneste og saksbehandler (antall åpne, over fristen, forfaller innen 7 dager)" };
        var command = new Command("worklist", "Arbeidslister: åpne oppgaver per saksbehandler og per tjeneste, mest haster først") { asOf, municipality, caseworker, limit, format, summary };
        command.SetAction(parse =>
        {
            var day = parse.GetValue(asOf) ?? DeadlineOptions.Today();
            DeadlineOptions.WideOutput();
            using var s = Session.Open(parse);
            var lists = Session.Wait(s.App.WorklistsAsync(s.Actor, parse.GetValue(municipality), day, parse.GetValue(caseworker), s.Purpose));
            if (parse.GetValue(format) == "json")
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(lists.Select(l => new
                {
                    l.MunicipalityNumber, caseworker = l.Owner, open = l.Items.Count, l.Overdue,
                    items = l.Items.Select(o => ObligationView.From(o, day)),
                }), DeadlinesCommand.Json));
                return 0;
            }
            if (lists.Count == 0)
                AnsiConsole.MarkupLine("Ingen åpne oppgaver.");
            if (parse.GetValue(summary))
            {
                var table = new Table().Title($"Arbeidslister per {day:yyyy-MM-dd}").Border(TableBorder.Rounded)
                    .AddColumn("Kommune").AddColumn("Saksbehandler").AddColumn(new TableColumn("Åpne").RightAligned())
                    .AddColumn(new TableColumn("Over fristen").RightAligned()).AddColumn(new TableColumn("Forfaller innen 7 dager").RightAligned())
                    .AddColumn("Eldste frist");
                foreach (var l in lists)
                    table.AddRow(Markup.Escape(l.MunicipalityNumber), Markup.Escape(l.Owner), $"{l.Items.Count}",
                        l.Overdue > 0 ? $"[red]{l.Overdue}[/]" : "0", $"{l.Items.Count(o => o.DaysLeft(day) is >= 0 and <= 7)}",
                        $"{l.Items[0].DueDate:yyyy-MM-dd}");
                AnsiConsole.Write(table);
                return 0;
            }
            foreach (var l in lists)
            {
                AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(l.MunicipalityNumber)} – {Markup.Escape(l.Owner)}[/]: {l.Items.Count} åpne oppgaver, [red]{l.Overdue} over fristen[/]").LeftJustified());
                DeadlinesCommand.PrintTable(l.Items, day, parse.GetValue(limit));
            }
            return 0;
        });
        return command;
    }
}
