using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace Vern.Statistics.Bench;

/// <summary>The anchor of the statistics bench (issue 19: «a general engine that starts from raw events»): DuckDB gets the
/// raw event rows (case, position, type, JSON) straight from Vern's SQLite file, and computes all 32 of Vern's case
/// indicators (<see cref="Definitions.CaseIndicators.All"/>) as SQL — the JSON parsed by DuckDB, each definition written
/// again in SQL from its C# one (classes by legal basis as in <see cref="Definitions.MeasureKinds"/>, SSB's move counting
/// rule, the foster-home waits, Undersøkelse Kontroll 11) — by municipality and year, age group «alle».</summary>
/// <remarks>Three timed parts: <see cref="Load"/> (reading the events from SQLite and appending them to DuckDB, once);
/// <see cref="Derive"/> (JSON → typed tables of cases, measures, reports, investigations, decisions, moves, case-years);
/// <see cref="Query"/> (the indicators over the typed tables). The issue's comparison counts all three.</remarks>
public sealed class DuckDbIndicators(DuckDBConnection duck, int from, int to)
{
    /// <summary>The event types the indicators read (the others — plans, visits, feedback, … — are not loaded).</summary>
    public static readonly string[] EventTypes =
    [
        "case-opened", "case-closed", "case-reopened", "measure-started", "measure-ended", "decision-made",
        "report-of-concern-received", "report-of-concern-concluded", "investigation-opened", "investigation-concluded",
        "investigation-extension-requested", "investigation-extension-decided", "child-moved",
    ];

    /// <summary>Reads the raw events of <see cref="EventTypes"/> from Vern's SQLite file into DuckDB's table raw_events.
    /// Returns the number of rows.</summary>
    public long Load(string sqlitePath)
    {
        Exec("CREATE OR REPLACE TABLE raw_events(position BIGINT, case_id VARCHAR, type VARCHAR, data VARCHAR)");
        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        sqlite.Open();
        using var cmd = sqlite.CreateCommand();
        cmd.CommandText = $"SELECT position, case_id, type, data FROM events WHERE type IN ({string.Join(", ", EventTypes.Select(t => $"'{t}'"))})";
        using var reader = cmd.ExecuteReader();
        long n = 0;
        using (var appender = duck.CreateAppender("raw_events"))
            while (reader.Read())
            {
                appender.CreateRow().AppendValue(reader.GetInt64(0)).AppendValue(reader.GetString(1)).AppendValue(reader.GetString(2)).AppendValue(reader.GetString(3)).EndRow();
                n++;
            }
        return n;
    }

    /// <summary>The typed tables, parsed from raw_events by DuckDB.</summary>
    public void Derive()
    {
        // The case: municipality, opening, the child's birth date; closed unless the last close was followed by a reopening.
        Exec("""
            CREATE OR REPLACE TABLE d_cases AS
            WITH o AS (SELECT case_id, data->>'$.municipalityNumber' AS municipality, CAST(data->>'$.openedOn' AS DATE) AS opened,
                              CAST(data->>'$.child.birthDate' AS DATE) AS born FROM raw_events WHERE type = 'case-opened'),
                 c AS (SELECT case_id, arg_max_null(CASE WHEN type = 'case-closed' THEN CAST(data->>'$.closedOn' AS DATE) END, position) AS closed
                       FROM raw_events WHERE type IN ('case-closed', 'case-reopened') GROUP BY case_id)
            SELECT o.*, c.closed FROM o LEFT JOIN c USING (case_id)
            """);
        // Measures with their class (MeasureKinds.Classify: care 0, emergency 1, behavioural 2, placed as support 3, support
        // at home 4) and placement type (MeasureKinds.PlacementOf: foster home 0, emergency home 1, temporary home in the
        // network 2, institution 3, supported housing 4).
        Exec("""
            CREATE OR REPLACE TABLE d_measures AS
            WITH s AS (SELECT case_id, position, data->>'$.measureId' AS measure_id, data->>'$.decisionId' AS decision_id,
                              CAST(data->>'$.startedOn' AS DATE) AS started, data->>'$.category.code' AS category,
                              data->>'$.legalBasis.act' AS act, data->>'$.legalBasis.chapter' AS chapter, data->>'$.legalBasis.section' AS section,
                              json_extract_string(data, '$.legalBasis.subsections[*]') AS subs
                       FROM raw_events WHERE type = 'measure-started'),
                 e AS (SELECT case_id, data->>'$.measureId' AS measure_id, arg_max(CAST(data->>'$.endedOn' AS DATE), position) AS ended
                       FROM raw_events WHERE type = 'measure-ended' GROUP BY ALL),
                 p AS (SELECT s.*, e.ended,
                              CASE WHEN category = '2.5' THEN 1 WHEN category = '2.6' THEN 2
                                   WHEN category LIKE '2.%' OR category = '2' THEN 0
                                   WHEN category LIKE '1.%' OR category = '1' THEN 3
                                   WHEN category IN ('8.2', '8.4', '8.5') THEN 4 END AS placement
                       FROM s LEFT JOIN e USING (case_id, measure_id))
            SELECT *,
                   CASE WHEN (act = 'BVL' AND chapter = '4' AND section IN ('12', '8')) OR (act = 'BVL2021' AND chapter = '5' AND section = '1') THEN 0
                        WHEN (act = 'BVL' AND chapter = '4' AND ((section IN ('6', '9') AND list_has_any(subs, ['1', '2'])) OR (section = '25' AND list_has_any(subs, ['2']))))
                          OR (act = 'BVL2021' AND chapter = '4' AND section IN ('1', '2', '3', '4')) THEN 1
                        WHEN (act = 'BVL' AND chapter = '4' AND section IN ('24', '26'))
                          OR (act = 'BVL2021' AND ((chapter = '6' AND section IN ('1', '2')) OR (chapter = '8' AND section = '4' AND list_has_any(subs, ['1'])))) THEN 2
                        WHEN (act = 'BVL' AND chapter = '4' AND section = '4' AND list_has_any(subs, ['2', '6'])) OR placement IS NOT NULL THEN 3
                        ELSE 4 END AS class
            FROM p
            """);
        Exec("""
            CREATE OR REPLACE TABLE d_reports AS
            WITH r AS (SELECT case_id, data->>'$.reportId' AS report_id, CAST(data->>'$.receivedOn' AS DATE) AS received FROM raw_events WHERE type = 'report-of-concern-received'),
                 c AS (SELECT case_id, data->>'$.reportId' AS report_id, arg_max(CAST(data->>'$.concludedOn' AS DATE), position) AS concluded,
                              arg_max(data->>'$.code', position) AS code
                       FROM raw_events WHERE type = 'report-of-concern-concluded' GROUP BY ALL)
            SELECT * FROM r LEFT JOIN c USING (case_id, report_id)
            """);
        // Investigations with SSB's day count (Undersøkelse Kontroll 11): concluded at most 7 + 90 days after the report
        // was received, 7 + 180 when the last extension asked for was granted.
        Exec("""
            CREATE OR REPLACE TABLE d_investigations AS
            WITH o AS (SELECT case_id, data->>'$.investigationId' AS investigation_id, data->>'$.reportId' AS report_id FROM raw_events WHERE type = 'investigation-opened'),
                 c AS (SELECT case_id, data->>'$.investigationId' AS investigation_id, arg_max(CAST(data->>'$.concludedOn' AS DATE), position) AS concluded,
                              arg_max(data->>'$.outcome.code', position) AS outcome
                       FROM raw_events WHERE type = 'investigation-concluded' GROUP BY ALL),
                 x AS (SELECT case_id, data->>'$.investigationId' AS investigation_id,
                              arg_max_null(CASE WHEN type = 'investigation-extension-decided' THEN CAST(data->>'$.granted' AS BOOLEAN) END, position) AS granted
                       FROM raw_events WHERE type IN ('investigation-extension-requested', 'investigation-extension-decided') GROUP BY ALL)
            SELECT o.case_id, c.concluded, c.outcome,
                   coalesce(c.concluded <= r.received + CASE WHEN x.granted THEN 187 ELSE 97 END, false) AS within_deadline
            FROM o LEFT JOIN c USING (case_id, investigation_id) LEFT JOIN x USING (case_id, investigation_id)
                   LEFT JOIN d_reports r ON r.case_id = o.case_id AND r.report_id = o.report_id
            """);
        Exec("""
            CREATE OR REPLACE TABLE d_decisions AS
            SELECT case_id, data->>'$.decisionId' AS decision_id, arg_max(CAST(data->>'$.decidedOn' AS DATE), position) AS decided
            FROM raw_events WHERE type = 'decision-made' GROUP BY ALL
            """);
        Exec("CREATE OR REPLACE TABLE d_moves_registered AS SELECT case_id, CAST(data->>'$.movedOn' AS DATE) AS moved FROM raw_events WHERE type = 'child-moved'");
        // SSB's counting rule (MoveCounting): placements in order of start (then end, open last); a change of category is one
        // move, a return home (a gap of more than a day) followed by a new placement two, both dated on the new start.
        Exec("""
            CREATE OR REPLACE TABLE d_moves AS
            WITH pl AS (SELECT case_id, started, category, lag(ended) OVER w AS prev_ended, lag(category) OVER w AS prev_category, row_number() OVER w AS k
                        FROM d_measures WHERE placement IS NOT NULL
                        WINDOW w AS (PARTITION BY case_id ORDER BY started, ended NULLS LAST, position))
            SELECT case_id, started AS moved, CASE WHEN prev_ended IS NOT NULL AND prev_ended + 1 < started THEN 2 WHEN category <> prev_category THEN 1 ELSE 0 END AS n
            FROM pl WHERE k > 1
            """);
        // Foster-home waits (FosterHomeWaiting): each decision's first foster-home measure, when the decision is found and
        // not after the start, and no other foster-home measure was in force the day before.
        Exec("""
            CREATE OR REPLACE TABLE d_waits AS
            WITH fm AS (SELECT * FROM d_measures WHERE placement = 0),
                 f AS (SELECT *, row_number() OVER (PARTITION BY case_id, decision_id ORDER BY started, position) AS k FROM fm)
            SELECT f.case_id, f.started, date_diff('day', d.decided, f.started) AS days
            FROM f JOIN d_decisions d ON d.case_id = f.case_id AND d.decision_id = f.decision_id
            WHERE f.k = 1 AND d.decided <= f.started
              AND NOT EXISTS (SELECT 1 FROM fm o WHERE o.case_id = f.case_id AND o.position <> f.position
                                AND o.started <= f.started - 1 AND (o.ended IS NULL OR o.ended >= f.started - 1))
            """);
        // A case counts in the years from its opening to its closing (CaseFigures.Add).
        Exec($"""
            CREATE OR REPLACE TABLE d_case_years AS
            SELECT c.case_id, c.municipality, y.year FROM d_cases c, range({from}, {to + 1}) y(year)
            WHERE y.year >= year(c.opened) AND y.year <= coalesce(year(c.closed), {to})
            """);
    }

    private const string Query1 = """
        WITH my AS (SELECT cy.case_id, cy.municipality, cy.year, m.position, m.started, m.category, m.class, m.placement,
                           m.started <= make_date(cy.year, 12, 31) AND (m.ended IS NULL OR m.ended >= make_date(cy.year, 12, 31)) AS at_end
                    FROM d_case_years cy JOIN d_measures m USING (case_id)
                    WHERE m.started <= make_date(cy.year, 12, 31) AND (m.ended IS NULL OR m.ended >= make_date(cy.year, 1, 1))),
             cy AS (SELECT case_id, municipality, year, bool_or(at_end) AS any_end, min(class) FILTER (at_end) AS class_end, min(class) AS class_during,
                           bool_or(class = 1) AS emergency_during,
                           arg_max(placement, date_diff('day', DATE '1900-01-01', started)::BIGINT * 100000000 - position) FILTER (at_end AND placement IS NOT NULL) AS placement_end,
                           count(*) FILTER (at_end AND category LIKE '6.%') AS collaboration, count(*) FILTER (at_end AND category LIKE '7.%') AS other_services
                    FROM my GROUP BY ALL)
        SELECT municipality, year,
               count(*) AS "children-with-measures-year",
               count(*) FILTER (any_end) AS "children-with-measures-31dec",
               count(*) FILTER (class_end = 0) AS "care-measures-31dec",
               count(*) FILTER (class_end <> 0) AS "support-measures-31dec",
               count(*) FILTER (class_end = 1) AS "emergency-measures-31dec",
               count(*) FILTER (class_end = 2) AS "behavioural-measures-31dec",
               count(*) FILTER (class_end = 3) AS "placed-as-support-31dec",
               count(*) FILTER (class_during = 0) AS "care-measures-year",
               count(*) FILTER (emergency_during) AS "emergency-measures-year",
               count(placement_end) AS "placements-31dec",
               count(*) FILTER (placement_end = 0) AS "placement-foster-home-31dec",
               count(*) FILTER (placement_end = 1) AS "placement-emergency-home-31dec",
               count(*) FILTER (placement_end = 2) AS "placement-temporary-network-31dec",
               count(*) FILTER (placement_end = 3) AS "placement-institution-31dec",
               count(*) FILTER (placement_end = 4) AS "placement-supported-housing-31dec",
               sum(collaboration)::BIGINT AS "collaboration-measures-31dec",
               sum(other_services)::BIGINT AS "other-services-measures-31dec"
        FROM cy GROUP BY ALL
        """;

    private const string Query2 = """
        SELECT cy.municipality, cy.year,
               count(*) FILTER (year(r.received) = cy.year) AS "reports-received-year",
               count(*) FILTER (year(r.concluded) = cy.year) AS "reports-reviewed-year",
               count(*) FILTER (year(r.concluded) = cy.year AND r.code = '2') AS "reports-investigated-year"
        FROM d_case_years cy JOIN d_reports r USING (case_id) GROUP BY ALL
        """;

    private const string Query3 = """
        SELECT cy.municipality, cy.year,
               count(*) AS "investigations-concluded-year",
               count(*) FILTER (i.outcome IN ('1', '2')) AS "investigations-to-measures-year",
               count(*) FILTER (i.outcome IS NULL OR i.outcome NOT IN ('1', '2')) AS "investigations-dropped-year",
               count(*) FILTER (i.within_deadline) AS "investigations-within-deadline-year"
        FROM d_case_years cy JOIN d_investigations i ON i.case_id = cy.case_id AND year(i.concluded) = cy.year GROUP BY ALL
        """;

    private const string Query4 = """
        SELECT cy.municipality, cy.year, count(*) AS "moves-registered-year"
        FROM d_case_years cy JOIN d_moves_registered m ON m.case_id = cy.case_id AND year(m.moved) = cy.year GROUP BY ALL
        """;

    private const string Query5 = """
        SELECT cy.municipality, cy.year, sum(m.n)::BIGINT AS "moves-year"
        FROM d_case_years cy JOIN d_moves m ON m.case_id = cy.case_id AND year(m.moved) = cy.year GROUP BY ALL
        """;

    // Waits count only in a year the child had a foster-home measure in force (CaseYear: Tally.FosterHomeWaits).
    private const string Query6 = """
        WITH fy AS (SELECT DISTINCT cy.case_id, cy.municipality, cy.year
                    FROM d_case_years cy JOIN d_measures m USING (case_id)
                    WHERE m.placement = 0 AND m.started <= make_date(cy.year, 12, 31) AND (m.ended IS NULL OR m.ended >= make_date(cy.year, 1, 1)))
        SELECT fy.municipality, fy.year,
               count(*) AS "foster-home-placements-after-decision-year",
               sum(w.days)::BIGINT AS "foster-home-wait-days-year",
               count(*) FILTER (w.days < 30) AS "foster-home-wait-under-30-year",
               count(*) FILTER (w.days BETWEEN 30 AND 90) AS "foster-home-wait-30-90-year",
               count(*) FILTER (w.days BETWEEN 91 AND 180) AS "foster-home-wait-91-180-year",
               count(*) FILTER (w.days > 180) AS "foster-home-wait-over-180-year"
        FROM fy JOIN d_waits w ON w.case_id = fy.case_id AND year(w.started) = fy.year GROUP BY ALL
        """;

    /// <summary>Every indicator by (id, municipality, year); a missing key is zero.</summary>
    public Dictionary<(string Id, string Municipality, int Year), decimal> Query()
    {
        var result = new Dictionary<(string, string, int), decimal>();
        foreach (var sql in new[] { Query1, Query2, Query3, Query4, Query5, Query6 })
        {
            using var cmd = duck.CreateCommand();
            cmd.CommandText = sql;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var municipality = reader.GetString(0);
                var year = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                for (var c = 2; c < reader.FieldCount; c++)
                    result[(reader.GetName(c), municipality, year)] = reader.IsDBNull(c) ? 0 : Convert.ToDecimal(reader.GetValue(c), CultureInfo.InvariantCulture);
            }
        }
        return result;
    }

    /// <summary>The indicator ids the SQL computes (the column names of the queries).</summary>
    public static IReadOnlyList<string> Ids =>
        [.. new[] { Query1, Query2, Query3, Query4, Query5, Query6 }.SelectMany(q => q.Split('"').Where((_, i) => i % 2 == 1)).Distinct()];

    public long Scalar(string sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Exec(string sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Times an action in milliseconds.</summary>
    public static double Time(Action a)
    {
        var w = Stopwatch.StartNew();
        a();
        return w.Elapsed.TotalMilliseconds;
    }
}
