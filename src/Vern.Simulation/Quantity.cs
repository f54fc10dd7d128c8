namespace Vern.Simulation;

/// <summary>One numeric assumption of a scenario: a point value, or a range to draw from in a Monte Carlo run.</summary>
/// <remarks>
/// In a scenario file a point is a plain number (<c>"days": 50</c>); a range is an object with
/// <c>low</c> and <c>high</c> and optionally <c>mode</c> (<c>"days": { "low": 40, "mode": 50, "high": 70 }</c>):
/// a triangular distribution, or a uniform one when <c>mode</c> is left out. A deterministic run uses the
/// <see cref="Central"/> value (the point, the mode, or the middle of a uniform range).
/// The <see cref="Slot"/> is the quantity's place in the value vector the engine reads; the
/// <see cref="ScenarioReader"/> numbers every quantity of a scenario once.
/// </remarks>
public sealed class Quantity
{
    private Quantity(double low, double mode, double high, bool uniform)
    {
        Low = low;
        Mode = mode;
        High = high;
        IsUniform = uniform;
    }

    public double Low { get; }
    public double Mode { get; }
    public double High { get; }
    public bool IsUniform { get; }
    public bool IsRange => High > Low;

    /// <summary>The value a deterministic run uses.</summary>
    public double Central => IsUniform ? (Low + High) / 2 : Mode;

    /// <summary>Index into the value vector; set once by <see cref="ScenarioReader"/>.</summary>
    public int Slot { get; internal set; } = -1;

    public static Quantity Point(double value) => new(value, value, value, false);

    public static Quantity Triangular(double low, double mode, double high) => new(low, mode, high, false);

    public static Quantity Uniform(double low, double high) => new(low, (low + high) / 2, high, true);

    /// <summary>Draws a value by inverse transform of <paramref name="u"/> in [0, 1).</summary>
    public double Draw(double u)
    {
        if (!IsRange)
            return Mode;
        if (IsUniform)
            return Low + u * (High - Low);
        var width = High - Low;
        var f = (Mode - Low) / width;
        return u < f
            ? Low + Math.Sqrt(u * width * (Mode - Low))
            : High - Math.Sqrt((1 - u) * width * (High - Mode));
    }

    public override string ToString() => IsRange
        ? (IsUniform ? $"[{Low} – {High}]" : $"[{Low} – {Mode} – {High}]")
        : Mode.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
