using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vern.Simulation;

/// <summary>Writes a simulation as JSON, CSV and an HTML page with the charts and the tables behind them.</summary>
public static class SimulationReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The JSON document: the deterministic result and, when run, the Monte Carlo percentiles.</summary>
    public static string ToJson(SimulationResult result, MonteCarloResult? mc) =>
        JsonSerializer.Serialize(new { result, monteCarlo = mc }, Json);

    /// <summary>One row per alternative (and variant), every figure in its own column; counts in measures, money in kroner.</summary>
    public static string AlternativesCsv(SimulationResult result)
    {
        var phases = result.Alternatives[0].Demand.Select(d => d.Phase).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', new[] { "id", "name", "dutyToAssist" }.Concat(phases.Select(p => "demand_" + p))
            .Concat(["demand", "capacity", "capacityGap", "budgetToday", "budgetAfter", "savings", "freedResidential", "freedHomeBased",
                "remainingGap", "extraFunding", "served", "grossCost", "municipalCost", "stateCost"])));
        foreach (var a in result.Alternatives)
        {
            var o = a.Outcome;
            sb.AppendLine(string.Join(',', new[] { a.Id, Csv(a.Name), a.DutyToAssist ? "true" : "false" }
                .Concat(a.Demand.Select(d => N(d.Demand)))
                .Concat(Figures(o))));
        }
        return sb.ToString();
    }

    /// <summary>The efficiency chains (Vista table 6.4 and 6.5) of every alternative and variant, one row per step.</summary>
    public static string ChainCsv(SimulationResult result)
    {
        var phases = result.Alternatives[0].Chain[0].Phases.Select(p => p.Phase).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', new[] { "chain", "step", "name" }
            .Concat(phases.SelectMany(p => new[] { $"{p}_residential", $"{p}_homeBased", $"{p}_cost" }))
            .Concat(["cost", "change", "freedResidential", "freedHomeBased"])));
        var chains = result.Alternatives.Select(a => (a.Id, a.Chain)).Concat(result.Variants.Select(v => (v.Id, v.Chain)));
        foreach (var (id, chain) in chains)
        {
            foreach (var row in chain)
            {
                sb.AppendLine(string.Join(',', new[] { id, row.Step, Csv(row.Name) }
                    .Concat(row.Phases.SelectMany(p => new[] { N(p.Residential), N(p.HomeBased), N(p.Cost) }))
                    .Concat([N(row.Cost), N(row.Change), N(row.FreedResidential), N(row.FreedHomeBased)])));
            }
        }
        return sb.ToString();
    }

    /// <summary>Mean and percentiles per alternative and metric.</summary>
    public static string MonteCarloCsv(MonteCarloResult mc)
    {
        var sb = new StringBuilder("alternative,metric,mean,p5,p25,p50,p75,p95\n");
        foreach (var a in mc.Alternatives)
        {
            foreach (var (metric, p) in a.Metrics)
                sb.AppendLine(string.Join(',', a.Id, metric, N(p.Mean), N(p.P5), N(p.P25), N(p.P50), N(p.P75), N(p.P95)));
        }
        return sb.ToString();
    }

    /// <summary>The financing result, one row per municipality.</summary>
    public static string FinancingCsv(FinancingResult f)
    {
        var sb = new StringBuilder("number,name,inBlockGrant,costBefore,costAfter,change,costKeyCompensation,transitionalCompensation,compensation,net\n");
        foreach (var m in f.Municipalities)
        {
            sb.AppendLine(string.Join(',', m.Number, Csv(m.Name), m.InBlockGrant ? "true" : "false", N(m.CostBefore), N(m.CostAfter), N(m.Change),
                N(m.CostKeyCompensation), N(m.TransitionalCompensation), N(m.Compensation), N(m.Net)));
        }
        return sb.ToString();
    }

    /// <summary>Writes result.json, the CSV files, the charts and index.html into <paramref name="dir"/>; returns the files written.</summary>
    public static IReadOnlyList<string> WriteDirectory(SimulationResult result, MonteCarloResult? mc, string dir)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        void Write(string name, string text)
        {
            File.WriteAllText(Path.Combine(dir, name), text);
            files.Add(name);
        }
        Write("result.json", ToJson(result, mc));
        Write("alternatives.csv", AlternativesCsv(result));
        Write("chain.csv", ChainCsv(result));
        if (mc is not null)
            Write("montecarlo.csv", MonteCarloCsv(mc));
        files.AddRange(Charts.Write(result, mc, dir));
        Write("index.html", Html(result, mc));
        return files;
    }

    /// <summary>A self-contained page: the charts (SVG beside the page) and the tables behind them.</summary>
    public static string Html(SimulationResult result, MonteCarloResult? mc)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>").Append(E(result.Title)).Append("</title>\n")
          .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
          .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}img{max-width:100%}</style></head><body>\n")
          .Append("<h1>").Append(E(result.Title)).Append("</h1>\n<p>Scenario <code>").Append(E(result.Scenario)).Append("</code>, beløp i ").Append(E(result.Currency)).Append(".</p>\n")
          .Append("<h2>Etterspørsel og kapasitet</h2>\n<img src=\"demand-capacity.svg\" alt=\"Etterspørsel og kapasitet per alternativ\">\n")
          .Append("<h2>Kostnad</h2>\n<img src=\"cost.svg\" alt=\"Kostnad per alternativ\">\n");

        sb.Append("<h2>Alternativene side om side</h2>\n<table><tr><th></th>");
        foreach (var a in result.Alternatives)
            sb.Append("<th>").Append(E(a.Name)).Append("</th>");
        sb.Append("</tr>\n");
        foreach (var (label, get) in Rows(result))
        {
            sb.Append("<tr><td>").Append(E(label)).Append("</td>");
            foreach (var a in result.Alternatives)
                sb.Append("<td>").Append(E(get(a))).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");

        sb.Append("<h2>Innsparing over statens budsjett (som Vista 2016 tabell 6.4 og 6.5)</h2>\n<table><tr><th>Kjede</th><th>Trinn</th>");
        var phases = result.Alternatives[0].Chain[0].Phases.Select(p => p.Phase).ToList();
        foreach (var p in phases)
            sb.Append("<th>").Append(E(p)).Append(" døgn</th><th>").Append(E(p)).Append(" hjemme</th><th>").Append(E(p)).Append(" mill.</th>");
        sb.Append("<th>Sum mill.</th><th>Endring mill.</th><th>Frigjort døgn</th><th>Frigjort hjemme</th></tr>\n");
        foreach (var (name, chain) in result.Alternatives.Select(a => (a.Name, a.Chain)).Concat(result.Variants.Select(v => (v.Name, v.Chain))))
        {
            foreach (var row in chain)
            {
                sb.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(row.Name)).Append("</td>");
                foreach (var p in row.Phases)
                    sb.Append("<td>").Append(p.Residential.ToString("0.0", Inv)).Append("</td><td>").Append(p.HomeBased.ToString("0.0", Inv))
                      .Append("</td><td>").Append((p.Cost / 1e6).ToString("0.0", Inv)).Append("</td>");
                sb.Append("<td>").Append((row.Cost / 1e6).ToString("0.0", Inv)).Append("</td><td>").Append((row.Change / 1e6).ToString("0.0", Inv))
                  .Append("</td><td>").Append(Whole(row.FreedResidential)).Append("</td><td>").Append(Whole(row.FreedHomeBased)).Append("</td></tr>\n");
            }
        }
        sb.Append("</table>\n");

        if (mc is not null)
        {
            sb.Append("<h2>Usikkerhet (Monte Carlo, ").Append(mc.Draws.ToString("N0", Inv)).Append(" trekk, frø ").Append(mc.Seed.ToString(Inv))
              .Append(")</h2>\n<table><tr><th>Alternativ</th><th>Størrelse</th><th>Snitt</th><th>P5</th><th>P25</th><th>P50</th><th>P75</th><th>P95</th></tr>\n");
            foreach (var a in mc.Alternatives)
            {
                foreach (var (metric, p) in a.Metrics)
                {
                    sb.Append("<tr><td>").Append(E(a.Name)).Append("</td><td>").Append(E(metric)).Append("</td>");
                    foreach (var x in new[] { p.Mean, p.P5, p.P25, p.P50, p.P75, p.P95 })
                        sb.Append("<td>").Append(x.ToString(Math.Abs(x) >= 1e5 ? "N0" : "0.0", Inv)).Append("</td>");
                    sb.Append("</tr>\n");
                }
            }
            sb.Append("</table>\n");
        }
        sb.Append("<h2>Kilder</h2>\n<ul>");
        foreach (var s in result.Sources)
            sb.Append("<li>").Append(E(s)).Append("</li>");
        sb.Append("</ul>\n<p>Tallene er urundede; rapportens trykte tall er avrundet (se docs/simulation.md).</p>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The rows of the side-by-side table: a label and how to print it per alternative.</summary>
    public static IReadOnlyList<(string Label, Func<AlternativeResult, string> Value)> Rows(SimulationResult result)
    {
        static string C(double x) => Whole(x);
        static string M(double x) => (x / 1e6).ToString("0.0", Inv);
        var rows = new List<(string, Func<AlternativeResult, string>)>
        {
            ("Bistandsplikt", a => a.DutyToAssist ? "ja" : "nei"),
        };
        foreach (var (phase, i) in result.Alternatives[0].Demand.Select((d, i) => (d, i)))
            rows.Add(($"{phase.Name} (døgn+hjemme)", a => $"{C(a.Demand[i].Demand)} ({C(a.Demand[i].Residential)}+{C(a.Demand[i].HomeBased)})"));
        rows.AddRange(
        [
            ("Etterspørsel i alt", a => C(a.Outcome.Demand)),
            ("Kapasitet", a => C(a.Outcome.Capacity)),
            ("Kapasitetsgap", a => C(a.Outcome.CapacityGap)),
            ("Budsjett dagens volum, mill.", a => M(a.Outcome.BudgetAfter)),
            ("Innsparing, mill.", a => M(a.Outcome.Savings)),
            ("Frigjort døgn/hjemme", a => $"{C(a.Outcome.FreedResidential)} / {C(a.Outcome.FreedHomeBased)}"),
            ("Udekket etter frigjøring", a => C(a.Outcome.RemainingGap)),
            ("Friske midler, mill.", a => M(a.Outcome.ExtraFunding)),
            ("Levert", a => C(a.Outcome.Served)),
            ("Kostnad levert, mill.", a => M(a.Outcome.GrossCost)),
            ("  kommunene, mill.", a => M(a.Outcome.MunicipalCost)),
            ("  staten, mill.", a => M(a.Outcome.StateCost)),
        ]);
        return rows;
    }

    private static IEnumerable<string> Figures(Outcome o) =>
    [
        N(o.Demand), N(o.Capacity), N(o.CapacityGap), N(o.BudgetToday), N(o.BudgetAfter), N(o.Savings), N(o.FreedResidential),
        N(o.FreedHomeBased), N(o.RemainingGap), N(o.ExtraFunding), N(o.Served), N(o.GrossCost), N(o.MunicipalCost), N(o.StateCost),
    ];

    /// <summary>A count rounded to whole measures, without a «-0».</summary>
    public static string Whole(double x) => Math.Abs(x) < 0.5 ? "0" : x.ToString("0", Inv);

    private static string N(double x) => Math.Round(x, 4).ToString("0.####", Inv);

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
