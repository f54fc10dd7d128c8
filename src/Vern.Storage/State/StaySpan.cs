using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.State;
using Vern.Storage.Sqlite;

namespace Vern.Storage.State;

/// <summary>The span of a referral's stays kept on its <c>state_referrals</c> row (migration 23): the first stay's start and the
/// last day any stay runs to (<see cref="OpenEnd"/> while one lasts), both ISO dates, null for a referral without stays. Written
/// with every append, so a read of the stays of a period finds its referrals through an index instead of decoding them all.</summary>
public static class StaySpan
{
    /// <summary>The end kept for a stay still going on: after every real date, in ISO order.</summary>
    public const string OpenEnd = "9999-12-31";

    public static (string? From, string? To) Of(ReferralState state)
    {
        if (state.Stays.Count == 0)
            return (null, null);
        var from = state.Stays.Min(s => s.StartOn);
        var to = state.Stays.Any(s => s.EndOn is null) ? OpenEnd : Date(state.Stays.Max(s => s.EndOn!.Value));
        return (Date(from), to);
    }

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Migration 23 on SQLite: the span's columns when they are not there yet, filled from each stored state's stays,
    /// and the index the reads use; idempotent (a column or index already there is kept, a span already filled is not rewritten).</summary>
    public const string SqliteFill = """
        UPDATE state_referrals SET
            stays_from = (SELECT min(json_extract(s.value, '$.startOn')) FROM json_each(state, '$.stays') s),
            stays_to = (SELECT max(coalesce(json_extract(s.value, '$.endOn'), '9999-12-31')) FROM json_each(state, '$.stays') s)
        WHERE stays_from IS NULL;
        CREATE INDEX IF NOT EXISTS state_referrals_stays ON state_referrals(region, stays_to, stays_from);
        CREATE INDEX IF NOT EXISTS state_referrals_municipality_stays ON state_referrals(municipality, stays_to, stays_from);
        """;

    /// <summary>Migration 23 on PostgreSQL, as <see cref="SqliteFill"/> (IF NOT EXISTS; the fill only where the span is empty).</summary>
    public const string PostgresSchema = """
        ALTER TABLE state_referrals ADD COLUMN IF NOT EXISTS stays_from text COLLATE "C";
        ALTER TABLE state_referrals ADD COLUMN IF NOT EXISTS stays_to text COLLATE "C";
        UPDATE state_referrals SET
            stays_from = (SELECT min(s ->> 'startOn') FROM jsonb_array_elements(state::jsonb -> 'stays') s),
            stays_to = (SELECT max(coalesce(s ->> 'endOn', '9999-12-31')) FROM jsonb_array_elements(state::jsonb -> 'stays') s)
        WHERE stays_from IS NULL AND jsonb_typeof(state::jsonb -> 'stays') = 'array';
        CREATE INDEX IF NOT EXISTS state_referrals_stays ON state_referrals(region, stays_to, stays_from);
        CREATE INDEX IF NOT EXISTS state_referrals_municipality_stays ON state_referrals(municipality, stays_to, stays_from);
        """;

    /// <summary>Migration 23's step on SQLite: adds the columns where missing, then <see cref="SqliteFill"/>.</summary>
    public static void AddToSqlite(SqliteConnection c, SqliteTransaction tx)
    {
        foreach (var column in new[] { "stays_from", "stays_to" })
            c.AddColumnIfMissing(tx, "state_referrals", column, "TEXT");
        c.Exec(tx, SqliteFill);
    }
}
