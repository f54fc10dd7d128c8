using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vern.Deadlines;
using Vern.Deadlines.Rules;

namespace Vern.Cli.Commands;

/// <summary><c>vern compliance</c>: the leader's compliance report (internkontroll) for a period, with the breaches by case.</summary>
public static class ComplianceCommand
{
    public static Command Create()
    {
        var from = new Option<DateOnly>("--from") { Description = "Periodens første dag", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Periodens siste dag (fristene vurderes per denne datoen)", Required = true };
        var municipality = DeadlineOptions.Municipality();
        var format = new Option<string>("--format") { Description = "table eller json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var limit = new Option<int>("--limit") { Description = "Høyst så mange brudd i listen (json gir alle)", DefaultValueFactory = _ => 200 };
        var command = new Command("compliance", "Internkontroll: andel frister overholdt i en periode, med bruddene sak for sak") { from, to, municipality, format, limit };
        command.SetAction(parse =>
        {
            DeadlineOptions.WideOutput();
            using var session = Session.Open(parse);
            var m = parse.GetValue(municipality) ?? session.Actor.MunicipalityNumber;
            var report = Session.Wait(session.App.ComplianceAsync(session.Actor, m, parse.GetValue(from), parse.GetValue(to), session.Purpose));
            if (parse.GetValue(format) == "json")
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, DeadlinesCommand.Json));
                return 0;
            }
            var title = $"Internkontroll {(m is null ? "alle kommuner" : "kommune " + m)} {report.From:yyyy-MM-dd} – {report.To:yyyy-MM-dd} ({report.Cases:N0} saker)";
            var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded)
                .AddColumn("Indikator").AddColumn(new TableColumn("Andel").RightAligned()).AddColumn(new TableColumn("I tide").RightAligned())
                .AddColumn(new TableColumn("Talt").RightAligned()).AddColumn(new TableColumn("Brudd").RightAligned()).AddColumn("Kilde");
            foreach (var i in report.Indicators.Concat(report.GuidanceIndicators))
                table.AddRow(Markup.Escape(i.Label), i.Share is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "–",
                    i.Met.ToString("N0", CultureInfo.InvariantCulture), i.Counted.ToString("N0", CultureInfo.InvariantCulture),
                    i.Breaches == 0 ? "0" : i.Basis is DutyBasis.Law or DutyBasis.Regulation ? $"[red]{i.Breaches:N0}[/]" : $"[yellow]{i.Breaches:N0} avvik[/]",
                    Markup.Escape(i.Basis is DutyBasis.Law or DutyBasis.Regulation ? i.Source : $"{i.Source} ({BasisText(i.Basis)}, ikke lovbrudd)"));
            AnsiConsole.Write(table);

            var breaches = new Table().Title($"Brudd sak for sak ({report.Breaches.Count:N0})").Border(TableBorder.Rounded)
                .AddColumn("Sak").AddColumn("Saksbehandler").AddColumn("Indikator").AddColumn("Frist").AddColumn("Hva").AddColumn("Hjemmel");
            foreach (var b in report.Breaches.Take(parse.GetValue(limit)))
                breaches.AddRow(Markup.Escape(b.JournalNumber), Markup.Escape(b.Responsible ?? "ikke fordelt"), Markup.Escape(b.IndicatorId),
                    b.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Markup.Escape(b.What), Markup.Escape($"{b.Act}: {b.Citation}"));
            AnsiConsole.Write(breaches);
            if (report.Breaches.Count > parse.GetValue(limit))
                AnsiConsole.MarkupLineInterpolated($"[grey]… {report.Breaches.Count - parse.GetValue(limit):N0} flere (bruk --limit eller --format json).[/]");
            if (report.Deviations.Count > 0)
                AnsiConsole.MarkupLineInterpolated($"[yellow]{report.Deviations.Count:N0} avvik fra veiledning eller lokal rutine[/] (ikke lovbrudd; listet sak for sak med --format json).");
            return 0;
        });
        return command;
    }

    private static string BasisText(DutyBasis basis) => basis switch
    {
        DutyBasis.Guidance => "veiledning",
        DutyBasis.LocalRoutine => "lokal rutine",
        DutyBasis.Regulation => "forskrift",
        _ => "lov",
    };
}
