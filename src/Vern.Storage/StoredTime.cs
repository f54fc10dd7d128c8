using System.Globalization;

namespace Vern.Storage;

/// <summary>How the stores write an instant as text: UTC with seven fractional digits and a <c>Z</c>, fixed width, so that text
/// order is time order (SQLite compares them as text; PostgreSQL keeps the same text, so a move copies them unchanged).</summary>
internal static class StoredTime
{
    public static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
