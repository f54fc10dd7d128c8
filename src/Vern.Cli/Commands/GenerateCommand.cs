using System.CommandLine;
using Spectre.Console;
using Vern.Application;
using Vern.Synthetic;

namespace Vern.Cli.Commands;

/// <summary><c>vern generate</c>: fills an empty database with synthetic cases for a whole country of fictional
/// municipalities (356 by default, about 5.5 million inhabitants), for load tests and benchmarks.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var municipalities = new Option<int>("--municipalities") { Description = "Antall kommuner", DefaultValueFactory = _ => 356 };
        var years = new Option<int>("--years") { Description = "Antall år data skal dekke", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Frø for tilfeldighetene: samme frø gir samme data", DefaultValueFactory = _ => 42 };
        var to = new Option<DateOnly?>("--to") { Description = "Periodens siste dag og «i dag» for dataene (standard: i dag)" };
        var batch = new Option<int>("--batch") { Description = "Saker per transaksjon", DefaultValueFactory = _ => 2000 };
        var command = new Command("generate", "Lag syntetiske saker for et helt land av oppdiktede kommuner (for last- og ytelsestester)")
        {
            municipalities, years, seed, to, batch,
        };
        command.SetAction(parse =>
        {
            using var session = Session.Open(parse, create: true, needsActor: false);
            if (Session.Wait(session.App.CountEventsAsync()) is > 0 and var existing)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Databasen {session.DataSource} inneholder allerede {existing} hendelser.[/] Syntetiske data lages bare i en tom database; oppgi en ny fil med --db.");
                return 5;
            }
            var options = new NationalOptions(parse.GetValue(to) ?? GeneratorOutput.Today(), parse.GetValue(years), parse.GetValue(municipalities),
                parse.GetValue(seed), parse.GetValue(batch));
            GenerationSummary summary = null!;
            DemoUsers users = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"Lager saker for {options.Municipalities} kommuner", maxValue: 1);
                    (summary, users) = Session.Wait(session.App.GenerateNationalAsync(options, new SyncProgress(p =>
                    {
                        task.Value = p.Fraction;
                        task.Description = $"Kommune {p.MunicipalitiesDone}/{p.MunicipalitiesTotal}: {p.CasesWritten:N0} saker, {p.EventsWritten:N0} hendelser";
                    })));
                });
            GeneratorOutput.Print(summary, $"{summary.Municipalities} kommuner, {summary.Population:N0} innbyggere, {summary.Children:N0} barn 0–17 år", session.DataSource);
            GeneratorOutput.PrintState(Session.Wait(session.App.GenerateStateDataAsync(options.Seed, options.To)));
            GeneratorOutput.PrintUsers(users);
            return 0;
        });
        return command;
    }
}
