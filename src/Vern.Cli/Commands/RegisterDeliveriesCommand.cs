using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Domain.Text;
using Vern.Register.Export;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern register deliveries</c>: the municipality's delivery history, newest first, as the register page shows it: when
/// (DatoUttrekk), how many cases, who exported and how (migration 35). For the leader (the register export's policy row).</summary>
public static class RegisterDeliveriesCommand
{
    public static Command Create()
    {
        var municipality = new Option<string>("--municipality") { Description = "Kommunenummer (4 siffer)", Required = true };
        var command = new Command("deliveries", "Leveransene til registeret, nyeste først: når, hvor mange saker, hvem som eksporterte og hvordan") { municipality };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse);
            var m = parse.GetValue(municipality)!;
            var runs = Session.Wait(session.App.RegisterDeliveriesAsync(session.Actor, m));
            if (runs.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"Ingen leveranser for kommune {m} ennå.");
                return 0;
            }
            var names = Session.Wait(session.App.StaffNamesAsync(session.Actor));
            // One plain line per export, never wrapped (Spectre wraps at 80 columns when the output is not a terminal), so an operator
            // can grep them.
            Console.Out.WriteLine($"Leveranser for kommune {m}, nyeste først (uttrekk i norsk tid, saker, hvordan, eksportert av):");
            foreach (var run in runs)
            {
                var by = run.Origin is { } o
                    ? names.TryGetValue(o.ExportedBy, out var name) && name != o.ExportedBy ? $"{TerminalText.Safe(name)} ({TerminalText.Safe(o.ExportedBy)})" : TerminalText.Safe(o.ExportedBy)
                    : DeliveryOriginText.Unknown;
                var at = TimeZoneInfo.ConvertTime(run.DeliveredAt, NorwegianTime.Zone);
                Console.Out.WriteLine(
                    $"{at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {Bokmal.Count(run.Cases, "sak", "saker"),12}  {DeliveryOriginText.Way(run.Origin)}  av {by}");
            }
            return 0;
        });
        return command;
    }
}
