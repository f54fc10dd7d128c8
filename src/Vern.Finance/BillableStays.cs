using System.Globalization;
using Vern.Domain.Finance;
using Vern.Domain.Validation;

namespace Vern.Finance;

/// <summary>Where the invoices get their stays: the port the state side's placements will fill (glue after both land);
/// until then a stays CSV file (<see cref="CsvStaySource"/>).</summary>
public interface IBillableStaySource
{
    /// <summary>The stays that touch <paramref name="month"/> (all of them is fine; the invoice clips), for one municipality
    /// or all (null).</summary>
    Task<IReadOnlyList<BillableStay>> StaysAsync(YearMonth month, string? municipality, CancellationToken cancellationToken = default);
}

/// <summary>A calendar month (fakturamåned).</summary>
public readonly record struct YearMonth(int Year, int Month)
{
    public DateOnly First => new(Year, Month, 1);
    public DateOnly Last => First.AddMonths(1).AddDays(-1);

    /// <summary>Parses <c>YYYY-MM</c>; refuses anything else naming the field.</summary>
    public static YearMonth Parse(string text, string field = "month")
    {
        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new YearMonth(d.Year, d.Month);
        throw new DomainRuleException([new ValidationIssue("vern.invoice.month", Severity.Error, field, $"{field}: «{text}» er ikke en måned på formen ÅÅÅÅ-MM.", "Vern")]);
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>Stays read from a CSV file (semicolon-separated, header
/// <c>municipality;child_ref;measure;from;to;placed_on;settled_on</c>, dates ISO, the last two may be empty).</summary>
public sealed class CsvStaySource(IReadOnlyList<BillableStay> stays) : IBillableStaySource
{
    public const string Header = "municipality;child_ref;measure;from;to;placed_on;settled_on";

    public IReadOnlyList<BillableStay> Stays { get; } = stays;

    public Task<IReadOnlyList<BillableStay>> StaysAsync(YearMonth month, string? municipality, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BillableStay>>(municipality is null ? Stays : Stays.Where(s => s.Municipality == municipality).ToList());

    /// <summary>Parses the file's text; every bad row is reported (line and field), and none is kept.</summary>
    public static CsvStaySource Parse(string text)
    {
        var stays = new List<BillableStay>();
        var issues = new List<ValidationIssue>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("municipality;", StringComparison.Ordinal)) continue;
            var f = line.Split(';');
            if (f.Length is < 5 or > 7)
            {
                issues.Add(Issue(lineNo, "row", $"linje {lineNo}: ventet 5–7 felt ({Header}), fant {f.Length}."));
                continue;
            }
            var ok = true;
            DateOnly? Date(int i, string name, bool optional)
            {
                var v = i < f.Length ? f[i].Trim() : "";
                if (v.Length == 0 && optional) return null;
                if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
                issues.Add(Issue(lineNo, name, $"linje {lineNo}: {name} «{v}» er ikke en dato ÅÅÅÅ-MM-DD."));
                ok = false;
                return null;
            }
            var from = Date(3, "from", false);
            var to = Date(4, "to", false);
            var placed = Date(5, "placed_on", true);
            var settled = Date(6, "settled_on", true);
            if (ok) stays.Add(new BillableStay(f[0].Trim(), f[1].Trim(), f[2].Trim(), from!.Value, to!.Value, placed, settled));
        }
        if (issues.Count > 0) throw new DomainRuleException(issues);
        return new CsvStaySource(stays);
    }

    private static ValidationIssue Issue(int line, string field, string message) =>
        new("vern.invoice.stays-file", Severity.Error, $"stays[{line}].{field}", message, "Vern: stays-CSV (docs/finance.md)");
}
