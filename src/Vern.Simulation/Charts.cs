using ScottPlot;

namespace Vern.Simulation;

/// <summary>Charts of a simulation (ScottPlot): demand against capacity per alternative, and cost per alternative, each
/// with the Monte Carlo 5–95 percentile band as whiskers when a Monte Carlo result is given. Each chart is written as
/// PNG and SVG.</summary>
public static class Charts
{
    private static readonly Color Assessment = Color.FromHex("#1f5f8b");
    private static readonly Color Guidance = Color.FromHex("#7fb3d5");
    private static readonly Color CapacityColor = Color.FromHex("#9e9e9e");
    private static readonly Color Freed = Color.FromHex("#8bc34a");
    private static readonly Color State = Color.FromHex("#c0504d");
    private static readonly Color Municipal = Color.FromHex("#f2b36b");

    /// <summary>Writes <c>demand-capacity.png/.svg</c> and <c>cost.png/.svg</c> into <paramref name="dir"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Write(SimulationResult result, MonteCarloResult? mc, string dir)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach (var (name, plot) in new[] { ("demand-capacity", DemandCapacity(result, mc)), ("cost", Cost(result, mc)) })
        {
            plot.SavePng(Path.Combine(dir, name + ".png"), 1000, 600);
            plot.SaveSvg(Path.Combine(dir, name + ".svg"), 1000, 600);
            files.Add(name + ".png");
            files.Add(name + ".svg");
        }
        return files;
    }

    /// <summary>Per alternative: a bar of demand (stacked by phase) beside a bar of capacity plus the measures the
    /// alternative's savings free within today's budget.</summary>
    public static Plot DemandCapacity(SimulationResult result, MonteCarloResult? mc)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var overlays = new List<Action>();
        var ticks = new List<(double, string)>();
        for (var i = 0; i < result.Alternatives.Count; i++)
        {
            var a = result.Alternatives[i];
            var x = i * 3.0;
            var baseValue = 0d;
            foreach (var (phase, index) in a.Demand.Select((p, k) => (p, k)))
            {
                bars.Add(new Bar { Position = x, ValueBase = baseValue, Value = baseValue + phase.Demand, FillColor = index == 0 ? Assessment : Guidance, Size = 0.9 });
                baseValue += phase.Demand;
            }
            var o = a.Outcome;
            bars.Add(new Bar { Position = x + 1, ValueBase = 0, Value = o.Capacity, FillColor = CapacityColor, Size = 0.9 });
            if (o.FreedResidential > 0)
                bars.Add(new Bar { Position = x + 1, ValueBase = o.Capacity, Value = o.Capacity + o.FreedResidential, FillColor = Freed, Size = 0.9 });
            var band = mc?.Alternatives.FirstOrDefault(m => m.Id == a.Id)?.Metrics["demand"];
            overlays.Add(() => Overlay(plot, x, o.Demand, band, "0"));
            ticks.Add((x + 0.5, a.Name));
        }
        plot.Add.Bars(bars);
        overlays.ForEach(draw => draw());
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title($"Etterspørsel og kapasitet per alternativ – {result.Scenario}");
        plot.YLabel("Tiltak per år");
        var legend = new List<LegendItem>
        {
            new() { LabelText = "Etterspørsel, " + (result.Alternatives[0].Demand.ElementAtOrDefault(0)?.Name ?? "fase 1").ToLowerInvariant(), FillColor = Assessment },
            new() { LabelText = "Etterspørsel, " + (result.Alternatives[0].Demand.ElementAtOrDefault(1)?.Name ?? "fase 2").ToLowerInvariant(), FillColor = Guidance },
            new() { LabelText = "Kapasitet (dagens tilbud)", FillColor = CapacityColor },
            new() { LabelText = "Frigjort innenfor rammen (døgnplasser)", FillColor = Freed },
        };
        if (mc is not null)
            legend.Add(new LegendItem { LabelText = $"5–95-persentil ({mc.Draws:N0} trekk)", LineColor = Colors.Black, LineWidth = 2 });
        plot.ShowLegend(legend, Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Per alternative: the cost of the served measures split into the state's and the municipalities' part, in
    /// million kroner, with a dashed line at today's state budget for the centres.</summary>
    public static Plot Cost(SimulationResult result, MonteCarloResult? mc)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var overlays = new List<Action>();
        var ticks = new List<(double, string)>();
        for (var i = 0; i < result.Alternatives.Count; i++)
        {
            var a = result.Alternatives[i];
            var o = a.Outcome;
            var x = i * 1.5;
            bars.Add(new Bar { Position = x, ValueBase = 0, Value = o.StateCost / 1e6, FillColor = State, Size = 0.9 });
            bars.Add(new Bar { Position = x, ValueBase = o.StateCost / 1e6, Value = o.GrossCost / 1e6, FillColor = Municipal, Size = 0.9 });
            var band = mc?.Alternatives.FirstOrDefault(m => m.Id == a.Id)?.Metrics["grossCost"] is { } g ? Scale(g, 1e-6) : null;
            overlays.Add(() => Overlay(plot, x, o.GrossCost / 1e6, band, "0.0"));
            ticks.Add((x, a.Name));
        }
        plot.Add.Bars(bars);
        overlays.ForEach(draw => draw());
        var today = result.Alternatives[0].Outcome.BudgetToday / 1e6;
        var line = plot.Add.HorizontalLine(today);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Black;
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title($"Kostnad per alternativ, mill. {result.Currency}");
        plot.YLabel("Mill. kroner per år");
        var legend = new List<LegendItem>
        {
            new() { LabelText = "Staten", FillColor = State },
            new() { LabelText = "Kommunene (egenandeler)", FillColor = Municipal },
            new() { LabelText = $"Statens budsjett for dagens bruk ({today:0.0})", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 1 },
        };
        if (mc is not null)
            legend.Add(new LegendItem { LabelText = $"5–95-persentil, samlet ({mc.Draws:N0} trekk)", LineColor = Colors.Black, LineWidth = 2 });
        plot.ShowLegend(legend, Alignment.UpperLeft);
        return plot;
    }

    private static Percentiles Scale(Percentiles p, double f) => new(p.Mean * f, p.P5 * f, p.P25 * f, p.P50 * f, p.P75 * f, p.P95 * f);

    /// <summary>The value's label above the bar (or above the band), and the 5–95 percentile whisker with the median.</summary>
    private static void Overlay(Plot plot, double x, double value, Percentiles? band, string format)
    {
        var label = plot.Add.Text(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture), x, Math.Max(value, band?.P95 ?? value));
        label.LabelAlignment = Alignment.LowerCenter;
        label.LabelFontSize = 13;
        label.LabelBold = true;
        if (band is not null)
            Whisker(plot, x, band);
    }

    private static void Whisker(Plot plot, double x, Percentiles p)
    {
        foreach (var (x1, y1, x2, y2) in new[] { (x, p.P5, x, p.P95), (x - 0.12, p.P5, x + 0.12, p.P5), (x - 0.12, p.P95, x + 0.12, p.P95) })
        {
            var l = plot.Add.Line(x1, y1, x2, y2);
            l.Color = Colors.Black;
            l.LineWidth = 2;
        }
        var m = plot.Add.Marker(x, p.P50);
        m.Color = Colors.Black;
        m.Size = 7;
    }
}
