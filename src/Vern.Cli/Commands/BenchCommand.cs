using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vern.Domain.Cases;
using Vern.Domain.People;

namespace Vern.Cli.Commands;

/// <summary><c>vern bench …</c>: measurements on a real database. <c>append</c> opens cases (in the acting user's municipality) one command
/// (one transaction) at a time and prints each case id only after its commit, so the crash test can
/// kill the process at any moment and then check that every printed id survived.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Målinger på en ekte database");
        var count = new Option<int>("--count") { Description = "Antall saker", DefaultValueFactory = _ => 1000 };
        var append = new Command("append", "Åpne saker én transaksjon om gangen; skriver id etter hver commit") { count };
        append.SetAction(p =>
        {
            using var s = Session.Open(p, create: true);
            var n = p.GetValue(count);
            var opened = s.App.Today.AddYears(-1);
            var municipality = s.Actor.MunicipalityNumber ?? throw new ArgumentException("bench append åpner saker i brukerens kommune; brukeren har ingen.");
            var stopwatch = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                var birth = opened.AddYears(-8).AddDays(i % 365);
                var fnr = Enumerable.Range(500, 100).Select(x => PersonIdentifier.Create(birth, x)).First(x => x is not null)!;
                var state = Session.Wait(s.App.OpenCaseAsync(s.Actor, new OpenCase(municipality, $"bench/{i}", opened, new ChildInput(fnr.Value, null, fnr.EncodedSex!.Value)))).State;
                Console.Out.WriteLine(state.Id);
                Console.Out.Flush();
            }
            stopwatch.Stop();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n} commands in {stopwatch.Elapsed.TotalSeconds:F2} s: {n / stopwatch.Elapsed.TotalSeconds:F0} commands/s (one transaction each, synchronous=FULL)"));
            return 0;
        });
        command.Subcommands.Add(append);
        command.Subcommands.Add(BenchWritersCommand.Create());
        return command;
    }
}
