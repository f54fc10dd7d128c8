using System.Globalization;
using Vern.Domain.Text;
using Vern.Storage;

namespace Vern.Web.Pages;

/// <summary>How dates and times read on the pages: Norwegian order (dd.MM.yyyy), instants in Norwegian local time.</summary>
public static class Display
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Invariant);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "–";

    /// <summary>ISO form for a date input's value and for machine-readable &lt;time datetime&gt;.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, NorwegianTime.Zone).DateTime;

    public static string Time(DateTimeOffset at) => Local(at).ToString("HH:mm", Invariant);

    public static string Instant(DateTimeOffset at) => Local(at).ToString("dd.MM.yyyy HH:mm", Invariant);

    /// <summary>An SSB code's meaning as plain text: Kodelister.md's line breaks and emphasis marks taken out.</summary>
    public static string CodeTitle(string title) =>
        string.Join(' ', title.Replace("<br/>", " ", StringComparison.OrdinalIgnoreCase).Replace("<br>", " ", StringComparison.OrdinalIgnoreCase).Replace("*", "", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Numbers in bokmål form (<see cref="Bokmal"/>): "12 345".</summary>
    public static string Number(long n) => Bokmal.Number(n);

    /// <summary>A decimal number with up to two decimals, e.g. "0,5".</summary>
    public static string Decimal(double d) => d.ToString("0.##", Bokmal.Numbers);

    /// <summary>A colleague by name with the user id after it ("Sara Saksbehandler (sara)"); the id alone when the user is not
    /// of the reader's service (or gone).</summary>
    public static string Person(string? userId, IReadOnlyDictionary<string, string> staff) =>
        userId is null ? "–" : staff.TryGetValue(userId, out var name) && name != userId ? $"{name} ({userId})" : userId;

    /// <summary>A share as a whole percent, "87 %" (Språkrådet: a space before the sign).</summary>
    public static string Percent(double share) => $"{Math.Round(share * 100):0}\u00A0%";

    /// <summary>A count with its noun in the right number: "1 sak", "2 saker", "0 saker" (bokmål: singular only for one).</summary>
    public static string Count(long n, string one, string many) => Bokmal.Count(n, one, many);

    /// <summary>Days left or overdue in words: "1 dag igjen", "3 dager igjen", "forfaller i dag", "2 dager over fristen".</summary>
    public static string DaysLeft(int days) => days switch
    {
        < 0 => Count(-days, "dag", "dager") + " over fristen",
        0 => "forfaller i dag",
        _ => Count(days, "dag", "dager") + " igjen",
    };

    /// <summary>The law behind a duty or indicator in words, without Vern's internal rule ids: "melding-gjennomgang; barnevernsloven
    /// § 2-1 første ledd" reads "barnevernsloven § 2-1 første ledd". Parts that are not rule ids (an SSB control's name) stay.</summary>
    public static string Law(string source)
    {
        var parts = source.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !IsRuleId(p)).ToList();
        return parts.Count == 0 ? source : string.Join("; ", parts);
    }

    /// <summary>A Vern rule id: one lowercase word with hyphens and digits, e.g. <c>melding-gjennomgang</c>.</summary>
    private static bool IsRuleId(string part) =>
        part.Length > 0 && part.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or 'æ' or 'ø' or 'å') && part.Contains('-', StringComparison.Ordinal);
}
