using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Deadlines;
using Vern.Deadlines.Staff;
using Vern.Domain.Validation;

namespace Vern.Cli.Commands;

/// <summary><c>vern staff</c>: the staff registry (import, list) and capacity behind the deadlines.</summary>
public static class StaffCommand
{
    public static Command Create()
    {
        var command = new Command("staff", "Ansatte: import, oversikt og kapasitet (saksmengde, oppgaver og kompetanse per saksbehandler)");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Capacity());
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON-fil med en liste av ansatte" };
        var command = new Command("import", "Importer ansatte fra en JSON-fil (erstatter ansatte med samme id)") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException($"Filen {path.FullName} finnes ikke.", path.FullName);
            var staff = StaffFile.ParseJson(File.ReadAllText(path.FullName));
            using var s = Session.Open(parse);
            Session.Wait(s.App.ImportStaffAsync(s.Actor, staff));
            AnsiConsole.MarkupLineInterpolated($"Importerte {staff.Count} ansatte.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var municipality = DeadlineOptions.Municipality();
        var command = new Command("list", "Vis ansatte med stilling og om de oppfyller kompetansekravet (barnevernsloven § 15-6)") { municipality };
        command.SetAction(parse =>
        {
            DeadlineOptions.WideOutput();
            using var session = Session.Open(parse);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Id").AddColumn("Kommune").AddColumn("Navn").AddColumn("Stilling")
                .AddColumn("Utdanning").AddColumn(new TableColumn("Stilling %").RightAligned()).AddColumn("Kompetansekrav").AddColumn("Siste arbeidsdag");
            var today = DeadlineOptions.Today();
            foreach (var s in Session.Wait(session.App.ListStaffAsync(session.Actor, parse.GetValue(municipality))))
                table.AddRow(Markup.Escape(s.Id), s.MunicipalityNumber, Markup.Escape(s.Name), Markup.Escape(s.Position), CompetenceRequirement.Label(s.Education),
                    s.FullTimeEquivalent.ToString("P0", CultureInfo.InvariantCulture),
                    !s.EmployedOn(today) ? "– (sluttet)" : CompetenceRequirement.Gap(s) is { } gap ? $"[yellow]nei – {Markup.Escape(gap)}[/]" : "[green]ja[/]",
                    s.LeftOn is { } last ? last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "–");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Capacity()
    {
        var asOf = DeadlineOptions.AsOf();
        var municipality = new Option<string>("--municipality", "-m") { Description = "Kommunenummer", Required = true };
        var command = new Command("capacity", "Kapasitet: saker og åpne oppgaver per saksbehandler, med varsel om manglende kompetanse") { asOf, municipality };
        command.SetAction(parse =>
        {
            var day = parse.GetValue(asOf) ?? DeadlineOptions.Today();
            var m = parse.GetValue(municipality)!;
            DeadlineOptions.WideOutput();
            using var s = Session.Open(parse);
            var report = Session.Wait(s.App.CapacityAsync(s.Actor, m, day, s.Purpose));
            var table = new Table().Title($"Kapasitet {Markup.Escape(m)} per {day:yyyy-MM-dd}").Border(TableBorder.Rounded)
                .AddColumn("Saksbehandler").AddColumn("Stilling").AddColumn(new TableColumn("Åpne saker").RightAligned())
                .AddColumn(new TableColumn("Saker per årsverk").RightAligned()).AddColumn(new TableColumn("Åpne oppgaver").RightAligned())
                .AddColumn(new TableColumn("Over fristen").RightAligned()).AddColumn(new TableColumn("Kjerneoppgaver").RightAligned()).AddColumn("Kompetansekrav");
            foreach (var r in report.Rows)
                table.AddRow(Markup.Escape(r.CaseworkerId ?? "ikke fordelt"), r.Left ? "[yellow]sluttet[/]" : Markup.Escape(r.Staff?.Position ?? "–"), $"{r.OpenCases}",
                    r.CasesPerFte is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "–", $"{r.OpenObligations}",
                    r.Overdue > 0 ? $"[red]{r.Overdue}[/]" : "0", $"{r.CoreTaskObligations}",
                    r.MeetsCompetence switch { true => "[green]ja[/]", false => "[yellow]nei[/]", null => "–" });
            AnsiConsole.Write(table);
            foreach (var w in report.Warnings)
                AnsiConsole.MarkupLineInterpolated($"[{(w.Severity >= Severity.Error ? "red" : "yellow")}]{(w.Severity >= Severity.Error ? "FEIL" : "ADVARSEL")}[/] {w.Path}: {w.Message} [grey]({w.Code}; {w.Source})[/]");
            return 0;
        });
        return command;
    }
}
