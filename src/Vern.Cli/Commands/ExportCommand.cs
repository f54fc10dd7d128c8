using System.CommandLine;
using Spectre.Console;
using Vern.Register.Export;
using Vern.Storage;
using Vern.Synthetic;

namespace Vern.Cli.Commands;

/// <summary><c>vern export register</c>: one register file per changed case (Barnevern_v4.xsd) to a folder or a zip.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var export = new Command("export", "Eksporter data fra Vern");
        export.Subcommands.Add(Register());
        return export;
    }

    private static Command Register()
    {
        var municipality = new Option<string>("--municipality") { Description = "Kommunenummer (4 siffer)", Required = true };
        var from = new Option<string?>("--from") { Description = "Bare saker som er åpne en dag i perioden fra denne datoen (ÅÅÅÅ-MM-DD)" };
        var to = new Option<string?>("--to") { Description = "… til og med denne datoen (ÅÅÅÅ-MM-DD)" };
        var output = new Option<string>("--out") { Description = "Mappe, eller fil som slutter på .zip", Required = true };
        var full = new Option<bool>("--full") { Description = "Lever alle saker i perioden på nytt, også uendrede" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Vis hva som ville blitt levert, uten å skrive filer eller leveranselogg" };
        var orgNumber = new Option<string?>("--org-number") { Description = "Kommunens organisasjonsnummer (9 siffer) for Avgiver" };
        var name = new Option<string?>("--municipality-name") { Description = "Kommunenavn for Avgiver" };
        var district = new Option<string?>("--district-number") { Description = "Bydelsnummer (2 siffer; Oslo, Bergen, Trondheim)" };
        var districtName = new Option<string?>("--district-name") { Description = "Bydelsnavn" };

        var command = new Command("register", "Lag filer til det nasjonale barnevernsregisteret (én fil per sak som er endret siden forrige leveranse)")
        {
            municipality, from, to, output, full, dryRun, orgNumber, name, district, districtName,
        };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse);
            var m = parse.GetValue(municipality)!;
            var given = new ReporterSettings(parse.GetValue(orgNumber), parse.GetValue(name), parse.GetValue(district), parse.GetValue(districtName));
            var avgiver = Reporter.Resolve(m, given, Session.Wait(session.App.RecordedReporterAsync(session.Actor, m)), SyntheticMunicipalities.Reporter(m), out var source);
            var now = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), NorwegianTime.Zone);
            var options = new ExportOptions(m, avgiver, Reporter.Fagsystem, new DateTimeOffset(now.DateTime, now.Offset),
                CliDates.Parse(parse.GetValue(from), "--from"), CliDates.Parse(parse.GetValue(to), "--to"),
                parse.GetValue(full), parse.GetValue(dryRun));
            if (options.From is { } f && options.To is { } t && t < f)
                throw new ArgumentException($"--to ({t:yyyy-MM-dd}) er før --from ({f:yyyy-MM-dd}).");
            var outPath = parse.GetValue(output)!;
            AnsiConsole.MarkupLineInterpolated($"Avgiver: {avgiver.Organisasjonsnummer} {avgiver.Kommunenavn} ({SourceText(source)})");

            if (Reporter.LacksDistrict(avgiver))
                AnsiConsole.MarkupLineInterpolated($"[yellow]{avgiver.Kommunenavn} leverer per bydel: oppgi --district-number og --district-name (SSB Avgiver Kontroll 1).[/]");

            var summary = Session.Wait(session.App.RegisterExportAsync(session.Actor, options, outPath, session.Purpose));
            if (source == ReporterSource.Given && !options.DryRun)
                Session.Wait(session.App.RecordReporterAsync(session.Actor, avgiver, "export --org-number/--municipality-name"));

            foreach (var leftover in summary.Leftovers)
                AnsiConsole.MarkupLineInterpolated($"[yellow]{LeftoverZips.Describe(leftover, outPath)}[/]");

            var table = new Table().AddColumn("Saker").AddColumn(new TableColumn("Antall").RightAligned());
            table.AddRow("Lest", summary.Read.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("Nye (aldri levert)", summary.Count(ExportStatus.New).ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("Endret siden forrige leveranse", summary.Count(ExportStatus.Changed).ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("Levert på nytt (--full)", summary.Count(ExportStatus.Redelivered).ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("Uendret, hoppet over", summary.Count(ExportStatus.Unchanged).ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("Utenfor perioden", summary.Count(ExportStatus.OutsidePeriod).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (summary.Count(ExportStatus.OutsideDateWindow) is > 0 and var old)
                table.AddRow("Avsluttet, med dato utenfor SSBs årsvindu (Sak kontroll 1)", old.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            var toWrite = summary.Count(ExportStatus.New) + summary.Count(ExportStatus.Changed) + summary.Count(ExportStatus.Redelivered);
            if (options.DryRun)
                AnsiConsole.MarkupLineInterpolated($"--dry-run: ville skrevet [green]{toWrite}[/] filer ({summary.BytesWritten / 1024.0:N0} KiB); ingenting er skrevet eller ført i leveranseloggen.");
            else
                AnsiConsole.MarkupLineInterpolated($"Skrev [green]{summary.FilesWritten}[/] filer ({summary.BytesWritten / 1024.0:N0} KiB) til {Path.GetFullPath(outPath)} på {summary.Elapsed.TotalSeconds:N2} s.");
            foreach (var finding in summary.Findings)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]Sak {finding.JournalNumber}[/] (saksbehandler: {finding.CaseworkerId ?? "ingen"}):");
                foreach (var issue in finding.Issues)
                    AnsiConsole.MarkupLineInterpolated($"  {issue.Severity}: {issue.Message} [grey]({issue.Code}; {issue.Path})[/]");
            }
            return 0;
        });
        return command;
    }

    private static string SourceText(ReporterSource source) => source switch
    {
        ReporterSource.Given => "oppgitt nå; huskes til neste eksport",
        ReporterSource.Recorded => "fra en importert fil eller en tidligere eksport",
        ReporterSource.BuiltIn => "Verns liste: Oslo, Bergen, Trondheim",
        ReporterSource.Listed => "SYNTETISK kommune fra Vern.Synthetic: oppdiktet organisasjonsnummer, ikke for ekte leveranser",
        _ => throw new NotSupportedException($"The reporter source {source} has not been implemented."),
    };
}
