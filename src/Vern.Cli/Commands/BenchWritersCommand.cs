using System.CommandLine;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern bench writers</c> (issue 17): concurrent writers for the crash and concurrency tests. Each of
/// <c>--threads</c> writers alternates between opening a new case (a bulk import) and assigning a caseworker on one of the
/// <c>--case</c> cases that every writer shares (a conflicting edit is refused and not retried). A line is printed only
/// after its commit: <c>open ID</c>, <c>step ID VERSION CASEWORKER</c>; a refused edit prints <c>refused ID</c>. A test
/// kills the process at any moment and then checks every printed line against the database.</summary>
public static class BenchWritersCommand
{
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Antall samtidige skrivere", DefaultValueFactory = _ => 4 };
        var count = new Option<int>("--count") { Description = "Kommandoer per skriver", DefaultValueFactory = _ => 1000 };
        var cases = new Option<string[]>("--case") { Description = "Saker alle skriverne endrer (id, flere ganger)", AllowMultipleArgumentsPerToken = true };
        var tag = new Option<string>("--tag") { Description = "Merke i journalnumrene (skiller prosesser)", DefaultValueFactory = _ => "w" };
        var retry = new Option<bool>("--retry") { Description = "Prøv igjen når forbindelsen til PostgreSQL brytes (failover): kommandoen gjentas til den lykkes" };
        var command = new Command("writers", "Samtidige skrivere på nye og felles saker; skriver hver commit") { threads, count, cases, tag, retry };
        command.SetAction(p =>
        {
            using var s = Session.Open(p);
            var municipality = s.Actor.MunicipalityNumber ?? throw new ArgumentException("bench writers skriver i brukerens kommune; brukeren har ingen.");
            var shared = (p.GetValue(cases) ?? []).Select(CaseId.Parse).ToArray();
            var opened = s.App.Today.AddYears(-1);
            var name = p.GetValue(tag)!;
            var output = new Lock();
            void Say(string line)
            {
                lock (output)
                {
                    Console.Out.WriteLine(line);
                    Console.Out.Flush();
                }
            }
            var retrying = p.GetValue(retry);
            var workers = Enumerable.Range(0, p.GetValue(threads)).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < p.GetValue(count); i++)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            await One(w, i);
                            break;
                        }
                        catch (Npgsql.NpgsqlException e) when (retrying && Transient(e) && attempt < 600)
                        {
                            Console.Error.WriteLine($"retry {attempt}: {e.Message}");
                            await Task.Delay(100);
                        }
                    }
                }
            })).ToArray();
            Task.WaitAll(workers);
            return 0;

            async Task One(int w, int i)
            {
                {
                    if (shared.Length == 0 || i % 2 == 0)
                    {
                        var birth = opened.AddYears(-8).AddDays((w * 7919 + i) % 365);
                        var fnr = Enumerable.Range(500, 100).Select(x => PersonIdentifier.Create(birth, x)).First(x => x is not null)!;
                        var state = (await s.App.OpenCaseAsync(s.Actor, new OpenCase(municipality, $"{name}/{w}/{i}", opened, new ChildInput(fnr.Value, null, fnr.EncodedSex!.Value)))).State;
                        Say($"open {state.Id}");
                    }
                    else
                    {
                        var id = shared[(w + i) % shared.Length];
                        var version = (await s.App.CaseVersionAsync(id))!.Value;
                        var caseworker = $"sb-{name}-{w}-{i}";
                        try
                        {
                            var change = await s.App.RecordAsync(s.Actor, id, new AssignCaseworker(caseworker, opened), version);
                            Say($"step {id} {change.State.Version} {caseworker}");
                        }
                        catch (ConcurrencyException)
                        {
                            Say($"refused {id}");
                        }
                    }
                }
            }
        });
        return command;
    }

    /// <summary>A lost connection or a server going away (failover): retrying on a new connection may succeed. A refused
    /// statement (constraint, conflict) is not transient.</summary>
    private static bool Transient(Npgsql.NpgsqlException e) => e is not Npgsql.PostgresException pg
        || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57", StringComparison.Ordinal) || pg.SqlState == "25006";
}
