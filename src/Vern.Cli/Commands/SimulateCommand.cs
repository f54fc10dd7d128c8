using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vern.Simulation;

namespace Vern.Cli.Commands;

/// <summary><c>vern simulate</c>: demand, capacity and cost of alternative systems from a scenario file (Vista 2016 ch. 5–6),
/// with Monte Carlo ranges; <c>vern simulate financing</c>: the 2022 reform's co-payment change and block grant
/// compensation per municipality (Menon 2023 table 5-2).</summary>
public static class SimulateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var file = new Argument<string?>("SCENARIO") { Description = "Scenariofil (JSON eller YAML)", Arity = ArgumentArity.ZeroOrOne };
        var builtin = new Option<string?>("--builtin") { Description = $"Et innebygd scenario: {string.Join(", ", ScenarioReader.Builtins)}" };
        var format = Format();
        var draws = new Option<int>("--draws") { Description = "Monte Carlo: antall trekk per alternativ (0 = bare punktanslag)", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Monte Carlo: frø (samme frø gir samme resultat)", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string?>("--out") { Description = "Mappe for HTML-side, diagrammer (PNG/SVG), CSV og JSON" };
        var fromDb = new Option<bool>("--from-db")
        {
            Description = "Dagens bruk og varighet fra Vern-databasen (--db) i stedet for scenarioets antakelser: tiltak i kategori 3.8 Sentre for foreldre og barn",
        };
        var year = new Option<int?>("--year") { Description = "Med --from-db: basisåret (standard: i fjor)" };
        var municipality = new Option<string?>("--municipality", "-m") { Description = "Med --from-db: én kommune (ellers alle i databasen)" };
        var command = new Command("simulate", "Simuler etterspørsel, kapasitet og kostnad i alternative systemer (sentre for foreldre og barn)")
        {
            file, builtin, format, draws, seed, outDir, fromDb, year, municipality, Financing(),
        };
        command.SetAction(parse => Guard(() =>
        {
            var path = parse.GetValue(file);
            var name = parse.GetValue(builtin);
            if ((path is null) == (name is null))
                return Refuse("oppgi enten en scenariofil eller --builtin NAVN (" + string.Join(", ", ScenarioReader.Builtins) + ")");
            if (parse.GetValue(draws) < 0)
                return Refuse("--draws må være 0 eller et positivt antall trekk");
            var scenario = name is not null ? ScenarioReader.Builtin(name) : ScenarioReader.ReadFile(path!);
            IReadOnlyList<string> notes = [];
            if (parse.GetValue(fromDb))
            {
                if (Observed(parse, parse.GetValue(year), parse.GetValue(municipality)) is not { } observed)
                    return 2;
                (scenario, notes) = ObservedInputs.Apply(scenario, observed);
            }
            var result = SimulationEngine.Run(scenario);
            var mc = parse.GetValue(draws) > 0 ? RunMonteCarlo(scenario, parse.GetValue(draws), parse.GetValue(seed)) : null;
            if (parse.GetValue(outDir) is { } dir)
            {
                var written = SimulationReport.WriteDirectory(result, mc, dir);
                Console.Error.WriteLine($"Skrev {written.Count} filer til {dir}: {string.Join(", ", written)}");
            }
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.Out.WriteLine(SimulationReport.ToJson(result, mc));
                    break;
                case "csv":
                    Console.Out.Write(mc is null ? SimulationReport.AlternativesCsv(result) : SimulationReport.MonteCarloCsv(mc));
                    break;
                default:
                    PrintTables(result, mc);
                    break;
            }
            foreach (var note in notes)
                Console.Error.WriteLine("Fra databasen: " + note);
            return 0;
        }));
        return command;
    }

    /// <summary>Actual use of centres for parents and children (Kodelister Tiltak/Kategori 3.8) in the base year, read by
    /// Vern.Statistics and handed to the simulation as plain numbers; null (after saying why) when there is none.</summary>
    private static ObservedUse? Observed(ParseResult parse, int? year, string? municipality)
    {
        var db = parse.GetValue(CommonOptions.Db)!;
        if (Vern.Storage.VernDatabase.EngineOf(db) == Vern.Storage.Engine.Sqlite && !File.Exists(db))
        {
            Refuse($"Databasen {db} finnes ikke (--from-db leser --db / VERN_DB). Lag den med «vern demo --db {db}».");
            return null;
        }
        var baseYear = year ?? Vern.Storage.NorwegianTime.Today(TimeProvider.System).Year - 1;
        Vern.Statistics.Definitions.MeasureUseFigures use;
        using (var s = Session.Open(parse))
        {
            // A leader sees their own service: with no --municipality, that is the municipality read (as in vern stats).
            municipality ??= s.Actor.Role == Vern.Domain.Access.Role.Leader ? s.Actor.MunicipalityNumber : null;
            use = Session.Wait(s.App.MeasureUseAsync(s.Actor, Vern.Statistics.Definitions.MeasureUse.CentresForParentsAndChildren, baseYear, municipality, s.Purpose));
        }
        var source = $"{db}, kategori 3.8, {baseYear}{(municipality is null ? "" : ", kommune " + municipality)}";
        if (use.Started == 0)
        {
            Refuse($"{source}: ingen tiltak i kategori 3.8 (Sentre for foreldre og barn) startet i {baseYear}; velg et annet --year eller --municipality.");
            return null;
        }
        return new ObservedUse(source, baseYear, use.Started, (double?)use.MeanDays, use.Ended, (double?)use.MeanWaitDays);
    }

    private static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "table, json eller csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        return format;
    }

    private static Command Financing()
    {
        var file = new Argument<string?>("FILE") { Description = "Kommunenes bruk av statlige tiltak i basisåret (JSON eller YAML), se docs/simulation.md", Arity = ArgumentArity.ZeroOrOne };
        var format = Format();
        var fromDb = new Option<bool>("--from-db") { Description = "Bruken fra Vern-databasen (--db): statens lagrede opphold i tiltak med egenandel, i måneder per kommune" };
        var year = new Option<int?>("--year") { Description = "Med --from-db: året bruken måles i (standard: i fjor)" };
        var before = new Option<int>("--before") { Description = "Med --from-db: satsene før (år med satstabell)", DefaultValueFactory = _ => 2021 };
        var after = new Option<int>("--after") { Description = "Med --from-db: satsene etter (år med satstabell)", DefaultValueFactory = _ => 2023 };
        var weights = new Option<string?>("--weights") { Description = "Med --from-db: CSV «kommunenummer,vekt» med kommunenes vekt i kostnadsnøkkelen (ellers like vekter)" };
        var municipality = new Option<string?>("--municipality", "-m") { Description = "Med --from-db: én kommune (ellers alle lederen ser)" };
        var command = new Command("financing", "Reformens finansiering: endret kommunal kostnad og kompensasjon (kostnadsnøkkel / overgangsordning) per kommune")
        {
            file, format, fromDb, year, before, after, weights, municipality,
        };
        command.SetAction(parse => Guard(() =>
        {
            var rates = CoPaymentRates.Shipped;
            FinancingInput input;
            var notes = new List<string>();
            if (parse.GetValue(fromDb))
            {
                if (parse.GetValue(file) is not null)
                    return Refuse("oppgi enten en fil eller --from-db, ikke begge");
                if (UseFromDb(parse, parse.GetValue(year), parse.GetValue(before), parse.GetValue(after), parse.GetValue(weights), parse.GetValue(municipality), notes) is not { } fromData)
                    return 2;
                input = fromData;
            }
            else
            {
                if (parse.GetValue(file) is not { } path)
                    return Refuse("oppgi en fil med kommunenes bruk, eller --from-db");
                input = ReformFinancing.Read(File.ReadAllText(path), path, rates);
            }
            var result = ReformFinancing.Compute(input, rates);
            foreach (var note in notes)
                Console.Error.WriteLine("Fra databasen: " + note);
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.Out.WriteLine(JsonSerializer.Serialize(result, SimulationReport.Json));
                    return 0;
                case "csv":
                    Console.Out.Write(SimulationReport.FinancingCsv(result));
                    return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape($"Egenandeler {result.BaseYear} → {result.AfterYear}: kostnad og kompensasjon per kommune (1000 kr)"))
                .AddColumn("Kommune").AddColumn(new TableColumn("Før").RightAligned()).AddColumn(new TableColumn("Etter").RightAligned())
                .AddColumn(new TableColumn("Endring").RightAligned()).AddColumn(new TableColumn($"Nøkkel {result.CostKeyShare:P0}").RightAligned())
                .AddColumn(new TableColumn($"Overgang {result.TransitionalShare:P0}").RightAligned())
                .AddColumn(new TableColumn("Kompensert").RightAligned()).AddColumn(new TableColumn("Netto").RightAligned());
            foreach (var m in result.Municipalities)
            {
                table.AddRow(Markup.Escape($"{m.Number} {m.Name}{(m.InBlockGrant ? "" : " *")}"), T(m.CostBefore), T(m.CostAfter), T(m.Change),
                    T(m.CostKeyCompensation), T(m.TransitionalCompensation), T(m.Compensation), m.Net < 0 ? $"[red]{T(m.Net)}[/]" : T(m.Net));
            }
            var all = result.Municipalities;
            table.AddRow("[bold]Sum[/]", T(all.Sum(m => m.CostBefore)), T(all.Sum(m => m.CostAfter)), T(all.Sum(m => m.Change)),
                T(all.Sum(m => m.CostKeyCompensation)), T(all.Sum(m => m.TransitionalCompensation)), T(all.Sum(m => m.Compensation)), T(all.Sum(m => m.Net)));
            AnsiConsole.Write(table);
            if (all.Any(m => !m.InBlockGrant))
                AnsiConsole.MarkupLine("[grey]* utenfor rammetilskuddet (Menon 2023, fotnote 49: kompensasjonen gikk til alle kommuner utenom Oslo)[/]");
            AnsiConsole.MarkupLineInterpolated($"[grey]Pott {K(result.Pool)} kr. Satser: {result.Source}.[/]");
            if (result.UseYear != result.BaseYear || result.UseSource is not null)
                AnsiConsole.MarkupLineInterpolated($"[grey]Bruk: {result.UseYear} ({result.UseSource ?? "fil"}), priset med satsene for {result.BaseYear} og {result.AfterYear} i {result.KronerOf}-kroner.[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>The financing input from the state side's stays stored in the database (through the application layer, which
    /// checks access and logs the read); null (after saying why) when there is no database or no use.</summary>
    private static FinancingInput? UseFromDb(ParseResult parse, int? year, int before, int after, string? weightsFile, string? municipality, List<string> notes)
    {
        var db = parse.GetValue(CommonOptions.Db)!;
        if (Vern.Storage.VernDatabase.EngineOf(db) == Vern.Storage.Engine.Sqlite && !File.Exists(db))
        {
            Refuse($"Databasen {db} finnes ikke (--from-db leser --db / VERN_DB). Lag den med «vern demo --db {db}».");
            return null;
        }
        Dictionary<string, double>? weights = null;
        if (weightsFile is not null)
        {
            if (ReadWeights(weightsFile) is not { } read)
                return null;
            weights = read;
        }
        var useYear = year ?? Vern.Storage.NorwegianTime.Today(TimeProvider.System).Year - 1;
        IReadOnlyList<Vern.Application.StateMeasureUse> use;
        using (var s = Session.Open(parse))
        {
            municipality ??= s.Actor.Role == Vern.Domain.Access.Role.Leader ? s.Actor.MunicipalityNumber : null;
            use = Session.Wait(s.App.StateMeasureUseAsync(s.Actor, useYear, municipality, s.Purpose));
        }
        var source = $"{db}, statens opphold {useYear}{(municipality is null ? "" : ", kommune " + municipality)}";
        if (use.Count == 0)
        {
            Refuse($"{source}: ingen opphold i statlige tiltak med egenandel i {useYear}; velg et annet --year eller --municipality.");
            return null;
        }
        var missing = weights is null ? [] : use.Where(u => !weights.ContainsKey(u.MunicipalityNumber)).Select(u => u.MunicipalityNumber).ToList();
        if (missing.Count > 0)
        {
            Refuse($"{weightsFile}: mangler vekt for kommune {string.Join(", ", missing)} (hver kommune med bruk trenger en vekt).");
            return null;
        }
        notes.Add($"{use.Sum(u => u.Stays)} opphold i {use.Count} kommuner i {useYear}, {use.Sum(u => u.MonthsByMeasure.Values.Sum()).ToString("0.#", Inv)} måneder; "
            + (weights is null ? "like vekter i kostnadsnøkkelen (oppgi --weights for inntektssystemets vekter)." : $"vekter fra {weightsFile}."));
        return new FinancingInput(before, after, null,
            [.. use.Select(u => new MunicipalityUse(u.MunicipalityNumber, "", weights?[u.MunicipalityNumber] ?? 1, u.MonthsByMeasure))], useYear, source);
    }

    /// <summary>A CSV of «kommunenummer,vekt» (comma or semicolon; a header line is skipped); null after naming the bad line.</summary>
    private static Dictionary<string, double>? ReadWeights(string path)
    {
        if (!File.Exists(path))
        {
            Refuse($"{path} finnes ikke (--weights).");
            return null;
        }
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            var parts = line.Split([',', ';']);
            var ok = parts.Length == 2 && parts[0].Trim() is { Length: 4 } number && number.All(char.IsAsciiDigit)
                && double.TryParse(parts[1].Trim(), NumberStyles.Float, Inv, out var w) && w >= 0;
            if (!ok)
            {
                if (i == 0 && !char.IsAsciiDigit(line[0]))
                    continue;
                Refuse($"{path}:{i + 1}: må være «kommunenummer,vekt» med fire sifre og en vekt ≥ 0 (fikk «{line}»).");
                return null;
            }
            result[parts[0].Trim()] = double.Parse(parts[1].Trim(), NumberStyles.Float, Inv);
        }
        return result;
    }

    private static MonteCarloResult RunMonteCarlo(Scenario scenario, int draws, ulong seed)
    {
        // Progress goes to stderr so that --format json/csv on stdout stays clean.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        MonteCarloResult? result = null;
        console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Monte Carlo, {draws:N0} trekk × {scenario.Alternatives.Count} alternativer", maxValue: draws);
                result = MonteCarlo.Run(scenario, draws, seed, new Progress<int>(done => task.Value = done));
                task.Value = draws;
            });
        return result!;
    }

    private static void PrintTables(SimulationResult result, MonteCarloResult? mc)
    {
        var side = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(result.Title)).AddColumn("");
        foreach (var a in result.Alternatives)
            side.AddColumn(new TableColumn(Markup.Escape(a.Name)).RightAligned());
        foreach (var (label, value) in SimulationReport.Rows(result))
            side.AddRow(new[] { Markup.Escape(label) }.Concat(result.Alternatives.Select(a => Markup.Escape(value(a)))).ToArray());
        AnsiConsole.Write(side);

        var chain = new Table().Border(TableBorder.Rounded).Title("Innsparing over statens budsjett for dagens volum (jf. Vista 2016 tabell 6.4–6.5)")
            .AddColumn("Kjede / trinn");
        var phases = result.Alternatives[0].Chain[0].Phases;
        foreach (var p in phases)
            chain.AddColumn(new TableColumn(Markup.Escape($"{p.Phase}: døgn+hjemme, mill.")).RightAligned());
        chain.AddColumn(new TableColumn("Sum mill.").RightAligned()).AddColumn(new TableColumn("Endring").RightAligned()).AddColumn(new TableColumn("Frigjort døgn/hjemme").RightAligned());
        var chains = result.Alternatives.Select(a => (a.Name, a.Chain)).Concat(result.Variants.Select(v => (v.Name, v.Chain)));
        foreach (var (name, rows) in chains)
        {
            // Each chain repeats the rows of the shorter ones; print only its last step to keep the table short.
            var row = rows[^1];
            chain.AddRow(new[] { Markup.Escape(rows.Count == 1 ? name : $"{name}: {row.Name}") }
                .Concat(row.Phases.Select(p => $"{p.Residential:0}+{p.HomeBased:0}, {p.Cost / 1e6:0.0}"))
                .Concat([$"{row.Cost / 1e6:0.0}", $"{row.Change / 1e6:0.0}", $"{SimulationReport.Whole(row.FreedResidential)}/{SimulationReport.Whole(row.FreedHomeBased)}"]).ToArray());
        }
        AnsiConsole.Write(chain);

        if (mc is not null)
        {
            var unc = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape($"Usikkerhet: P5 – P50 – P95 over {mc.Draws:N0} trekk (frø {mc.Seed})")).AddColumn("");
            foreach (var a in mc.Alternatives)
                unc.AddColumn(new TableColumn(Markup.Escape(a.Name)).RightAligned());
            foreach (var (metric, label, scale) in new[]
            {
                ("demand", "Etterspørsel, tiltak", 1.0), ("capacityGap", "Kapasitetsgap, tiltak", 1.0), ("freedResidential", "Frigjorte døgntiltak", 1.0),
                ("remainingGap", "Udekket etter frigjøring", 1.0), ("stateCost", "Staten, mill.", 1e-6), ("municipalCost", "Kommunene, mill.", 1e-6),
                ("extraFunding", "Friske midler, mill.", 1e-6),
            })
            {
                unc.AddRow(new[] { label }.Concat(mc.Alternatives.Select(a =>
                {
                    var p = a.Metrics[metric];
                    var f = scale == 1.0 ? "0" : "0.0";
                    return $"{(p.P5 * scale).ToString(f, Inv)} – {(p.P50 * scale).ToString(f, Inv)} – {(p.P95 * scale).ToString(f, Inv)}";
                })).ToArray());
            }
            AnsiConsole.Write(unc);
        }
        foreach (var s in result.Sources)
            AnsiConsole.MarkupLineInterpolated($"[grey]Kilde: {s}[/]");
        AnsiConsole.MarkupLine("[grey]Tallene er urundede beregninger; rapportens trykte tall er avrundet (docs/simulation.md).[/]");
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ScenarioException e)
        {
            AnsiConsole.MarkupLine("[red]Avvist – filen følger ikke reglene:[/]");
            foreach (var error in e.Errors)
                AnsiConsole.MarkupLineInterpolated($"  [red]{error.File}:{error.Line}: {(error.Path.Length > 0 ? error.Path + ": " : "")}{error.Message}[/] [grey]({error.Rule})[/]");
            return 2;
        }
    }

    private static int Refuse(string message)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{message}[/]");
        return 2;
    }

    private static string K(double kroner) => kroner.ToString("N0", Inv);

    private static string T(double kroner) => (kroner / 1000).ToString("N0", Inv);
}
