using System.Globalization;
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

    public static string Number(long n) => n.ToString("N0", CultureInfo.GetCultureInfo("nb-NO"));
}
