using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Cli.Commands;

/// <summary><c>vern case assessment …</c>: structured assessments – the child's best interests (barnevernsloven § 1-3), the
/// alternatives considered and why they were rejected, the least intrusive measure.</summary>
public static class AssessmentCommand
{
    private static readonly Argument<string> CaseArg = new("case-id") { Description = "Sakens id (UUID)" };

    public static Command Create()
    {
        var command = new Command("assessment", "Vurderinger: barnets beste, alternativer som ble vurdert og hvorfor de ble forkastet, minst inngripende tiltak");
        var on = new Option<string?>("--on") { Description = "Datoen (ÅÅÅÅ-MM-DD; ellers i dag)" };
        var best = new Option<string>("--best-interests") { Description = "Barnets beste (barnevernsloven § 1-3)", Required = true };
        var alternatives = new Option<string[]>("--alternative") { Description = "Et alternativ og hvorfor det ble forkastet: «ALTERNATIV=HVORFOR» (flere ganger)", Required = true };
        var least = new Option<string>("--least-intrusive") { Description = "Hvorfor dette er det minst inngripende tiltaket som er nok", Required = true };
        var entry = new Option<string?>("--entry") { Description = "Registreringen det gjelder: vedtak:ID, tiltak:ID …" };
        var add = new Command("add", "Registrer en vurdering") { CaseArg, on, best, alternatives, least, entry };
        add.SetAction(p =>
        {
            var alts = p.GetValue(alternatives)!.Select(a =>
            {
                var i = a.IndexOf('=', StringComparison.Ordinal);
                return i < 0 ? new AlternativeConsidered(a, "") : new AlternativeConsidered(a[..i].Trim(), a[(i + 1)..].Trim());
            }).ToList();
            using var s = Session.Open(p);
            var a = s.App.AddAssessmentAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), new AssessmentInput(
                CliDates.Parse(p.GetValue(on), "--on") ?? s.App.Today, p.GetValue(entry) is { } e ? EntryLink.Parse(e) : null,
                p.GetValue(best)!, alts, p.GetValue(least)!)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Vurdering registrert[/] med {a.Alternatives.Count} alternativ(er).");
            Console.Out.WriteLine(a.Id);
            return 0;
        });
        command.Subcommands.Add(add);
        var list = new Command("list", "List sakens vurderinger (lesingen logges)") { CaseArg };
        list.SetAction(p =>
        {
            using var s = Session.Open(p);
            foreach (var a in s.App.ListAssessmentsAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), s.Purpose).GetAwaiter().GetResult())
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]Vurdering {a.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}[/] av {a.AuthorId}{(a.Entry is { } l ? " – " + l : "")}");
                Console.Out.WriteLine("Barnets beste: " + TerminalText.Safe(a.BestInterests));
                foreach (var alt in a.Alternatives)
                    Console.Out.WriteLine($"Alternativ: {TerminalText.Safe(alt.Alternative)} – forkastet fordi {TerminalText.Safe(alt.WhyRejected)}");
                Console.Out.WriteLine("Minst inngripende: " + TerminalText.Safe(a.LeastIntrusive));
            }
            return 0;
        });
        command.Subcommands.Add(list);
        return command;
    }
}
