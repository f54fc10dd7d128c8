using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Vern.Web.Pages;

/// <summary>Charts drawn on the server as SVG: no script, no inline style (classes from vern.css). Each chart is an image with a
/// title and description for screen readers, and the page puts the same numbers in a table right after it.</summary>
public static class Charts
{
    /// <summary>One bar: its label, its value, and a CSS class (bar-ok, bar-bad).</summary>
    public sealed record Bar(string Label, double Value, string Text, string Class = "bar-ok");

    /// <summary>The width of the thinnest bar drawn (a value of 0): visible, and clearly not a share.</summary>
    public const double MinimumBar = 3;

    /// <summary>Horizontal bars scaled to <paramref name="max"/>.</summary>
    public static IHtmlContent HorizontalBars(string id, string title, string description, IReadOnlyList<Bar> bars, double max)
    {
        const int labelWidth = 300, barWidth = 380, rowHeight = 28, valueWidth = 110;
        var height = Math.Max(1, bars.Count) * rowHeight + 10;
        var width = labelWidth + barWidth + valueWidth;
        var e = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{e.Encode(title)}</title><desc id=\"{id}-d\">{e.Encode(description)}</desc>");
        // The axis: every bar starts on it, so a bar of 0 still has a visible place (its value written next to the axis).
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"chart-axis\" x1=\"{labelWidth}\" y1=\"2\" x2=\"{labelWidth}\" y2=\"{height - 2}\"></line>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = i * rowHeight + 5;
            // A value of 0 is drawn as a thin stub on the axis (MinimumBar), never as nothing.
            var w = Math.Max(MinimumBar, max <= 0 ? 0 : Math.Round(Math.Clamp(b.Value / max, 0, 1) * barWidth, 1));
            var label = b.Label.Length > 42 ? b.Label[..41] + "…" : b.Label;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{labelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\">{e.Encode(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{b.Class}\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{w}\" height=\"{rowHeight - 10}\"></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{labelWidth + w + 6}\" y=\"{y + 18}\">{e.Encode(b.Text)}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }
}
