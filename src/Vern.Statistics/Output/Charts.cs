using System.Globalization;
using ScottPlot;

namespace Vern.Statistics.Output;

/// <summary>A chart as data: its title, the category labels along the x axis, and one or more named series. The same data
/// is drawn (PNG and SVG) and printed as a table beside the chart for screen readers.</summary>
public sealed record ChartData(string FileName, string Title, string YLabel, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, bool Bars = false);

/// <summary>One named series; a null value is a gap (no data or suppressed). <paramref name="Symbols"/>, when given, says
/// why a value is missing (e.g. «:» suppressed), for the data table beside the chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values, IReadOnlyList<string?>? Symbols = null);

/// <summary>Draws <see cref="ChartData"/> with ScottPlot as PNG and SVG.</summary>
public static class Charts
{
    public const int Width = 800;
    public const int Height = 420;

    /// <summary>Writes <c>FileName.png</c> and <c>FileName.svg</c> into <paramref name="directory"/>; returns both paths.</summary>
    public static (string Png, string Svg) Write(ChartData chart, string directory)
    {
        Directory.CreateDirectory(directory);
        var plot = Build(chart);
        var png = Path.Combine(directory, chart.FileName + ".png");
        var svg = Path.Combine(directory, chart.FileName + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return (png, svg);
    }

    private static Plot Build(ChartData chart)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var positions = Enumerable.Range(0, chart.Categories.Count).Select(i => (double)i).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        if (chart.Bars)
        {
            var n = chart.Series.Count;
            var width = 0.8 / n;
            var bars = new List<Bar>();
            for (var s = 0; s < n; s++)
                for (var i = 0; i < chart.Categories.Count; i++)
                    if (chart.Series[s].Values[i] is { } v)
                        bars.Add(new Bar
                        {
                            Position = i - 0.4 + width * (s + 0.5),
                            Value = (double)v,
                            Size = width * 0.9,
                            FillColor = palette.GetColor(s),
                            Label = v.ToString("0.#", CultureInfo.InvariantCulture),
                        });
            var barPlot = plot.Add.Bars(bars);
            barPlot.ValueLabelStyle.FontSize = 12;
            plot.Axes.Margins(bottom: 0, top: 0.15);
            for (var s = 0; s < n; s++)
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = chart.Series[s].Name, FillColor = palette.GetColor(s) });
        }
        else
        {
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var points = chart.Series[s].Values.Select((v, i) => (v, i)).Where(p => p.v is not null).ToList();
                var line = plot.Add.Scatter(points.Select(p => (double)p.i).ToArray(), points.Select(p => (double)p.v!.Value).ToArray(), palette.GetColor(s));
                line.LegendText = chart.Series[s].Name;
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            var max = chart.Series.SelectMany(x => x.Values).OfType<decimal>().DefaultIfEmpty(1m).Max();
            plot.Axes.Margins(left: 0.08, right: 0.08);
            var top = chart.YLabel == "prosent" ? 105 : (double)(max <= 0 ? 1 : max) * 1.15;
            plot.Axes.SetLimitsY(0, top);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, chart.Categories.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Title(chart.Title);
        plot.YLabel(chart.YLabel);
        if (chart.Series.Count > 1)
        {
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.ShowLegend(Edge.Bottom);
        }
        else
        {
            plot.HideLegend();
        }
        return plot;
    }
}
