using System.CommandLine;
using Spectre.Console;
using Vern.Domain.Validation;
using Vern.Register;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Storage;
using Vern.Synthetic;

namespace Vern.Cli.Commands;

/// <summary><c>vern register check</c>: "before you send" – SSB's register controls on the live cases of a municipality,
/// grouped per case with journal number and caseworker, so each problem is fixed in the case.</summary>
public static class RegisterCheckCommand
{
    public static Command Create()
    {
        var register = new Command("register", "Det nasjonale barnevernsregisteret");
        register.Subcommands.Add(Check());
        register.Subcommands.Add(RegisterDeliveriesCommand.Create());
        return register;
    }

    private static Command Check()
    {
        var municipality = new Option<string>("--municipality") { Description = "Kommunenummer (4 siffer)", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Rapporteringsdato (ÅÅÅÅ-MM-DD); ellers i dag" };
        var minimum = new Option<Severity>("--min-severity") { Description = "Vis funn fra dette nivået (Info, Warning, Error, Fatal)", DefaultValueFactory = _ => Severity.Info };
        var command = new Command("check", "Før innsending: kjør registerets kontroller på sakene i Vern") { municipality, asOf, minimum };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse);
            var m = parse.GetValue(municipality)!;
            var date = CliDates.Parse(parse.GetValue(asOf), "--as-of") ?? session.App.Today;
            var reference = ReferenceFiles.Resolve(parse.GetValue(CommonOptions.Reference));
            // The header only carries the file; Avgiver findings are left out of the check. When the Avgiver is not known yet,
            // a placeholder stands in for it here, which no export would ever write (Reporter.Resolve refuses to make one up).
            Avgiver avgiver;
            try
            {
                avgiver = Reporter.Resolve(m, new ReporterSettings(), Session.Wait(session.App.RecordedReporterAsync(session.Actor, m)), SyntheticMunicipalities.Reporter(m), out _);
            }
            catch (ReporterUnknownException)
            {
                avgiver = new Avgiver("000000000", m, "(ukjent avgiver)");
            }
            var noon = new DateTime(date, new TimeOnly(12, 0));
            var header = new RegisterFile(Guid.NewGuid().ToString("D"), new DateTimeOffset(noon, NorwegianTime.Zone.GetUtcOffset(noon)), null, Reporter.Fagsystem, avgiver);

            var report = Session.Wait(session.App.RegisterCheckAsync(session.Actor, m, header, new RegisterValidationOptions(reference, date), parse.GetValue(minimum), session.Purpose));

            foreach (var c in report.CasesWithFindings)
            {
                AnsiConsole.MarkupLineInterpolated(
                    $"[bold]Sak {c.JournalNumber}[/] (saksbehandler: {c.CaseworkerId ?? "ingen"}) – {c.Count(Severity.Fatal) + c.Count(Severity.Error)} feil, {c.Count(Severity.Warning)} advarsler, {c.Count(Severity.Info)} merknader");
                foreach (var issue in c.Issues.OrderByDescending(i => i.Severity))
                {
                    var colour = issue.Severity >= Severity.Error ? "red" : issue.Severity == Severity.Warning ? "yellow" : "grey";
                    AnsiConsole.MarkupLineInterpolated($"  [{colour}]{issue.Severity}[/] {issue.Code}: {issue.Message} [grey]({issue.Path})[/]");
                }
            }
            var errors = report.CasesWithFindings.Count(c => c.Issues.Any(i => i.Severity >= Severity.Error));
            AnsiConsole.MarkupLineInterpolated($"{report.CasesChecked} saker kontrollert per {date:yyyy-MM-dd} på {report.Elapsed.TotalSeconds:N2} s: {errors} med feil, {report.CasesWithFindings.Count - errors} med bare advarsler/merknader.");
            return errors == 0 ? 0 : 1;
        });
        return command;
    }
}
