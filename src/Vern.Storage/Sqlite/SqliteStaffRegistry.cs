using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>Ansattregister in the case database's <c>staff</c> table (the event store is not touched). Import replaces an
/// employee's row by id.</summary>
public sealed class SqliteStaffRegistry : IStaffRegistry, IDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteStaffRegistry(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the registry in the database file at <paramref name="path"/> (which must exist).</summary>
    public static SqliteStaffRegistry Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Databasen {path} finnes ikke.", path);
        var c = new SqliteConnection(SqliteConnections.For(path));
        c.Open();
        SqliteConnections.Configure(c, "PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;"); // explicit: a pooled connection may come from the index (NORMAL)
        SqliteMigrations.Run(c); // the one runner makes this port's tables (step 4)
        return new SqliteStaffRegistry(c);
    }

    public Task UpsertAsync(IReadOnlyList<StaffMember> staff, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO staff(staff_id, municipality, name, position, education, years_in_child_welfare, further_education_credits, fte, left_on)
            VALUES ($id, $m, $n, $p, $e, $y, $c, $f, $l)
            ON CONFLICT(staff_id) DO UPDATE SET municipality = $m, name = $n, position = $p, education = $e,
                years_in_child_welfare = $y, further_education_credits = $c, fte = $f, left_on = $l
            WHERE staff.municipality = $m
            """;
        var ps = new[] { "$id", "$m", "$n", "$p", "$e", "$y", "$c", "$f", "$l" }.Select(n => cmd.Parameters.Add(n, SqliteType.Text)).ToArray();
        using var history = _connection.CreateCommand();
        history.Transaction = tx;
        history.CommandText = "INSERT INTO staff_changes(staff_id, municipality, member, at, by) VALUES ($id, $m, $member, $at, $by)";
        foreach (var n in new[] { "$id", "$m", "$member" })
            history.Parameters.Add(n, SqliteType.Text);
        history.Parameters.AddWithValue("$at", StoredTime.Text(at));
        history.Parameters.AddWithValue("$by", by);
        foreach (var s in staff)
        {
            ps[0].Value = s.Id; ps[1].Value = s.MunicipalityNumber; ps[2].Value = s.Name; ps[3].Value = s.Position;
            ps[4].Value = s.Education.ToString(); ps[5].Value = s.YearsInChildWelfare; ps[6].Value = s.FurtherEducationCredits;
            ps[7].Value = s.FullTimeEquivalent; ps[8].Value = (object?)StaffRows.Text(s.LeftOn) ?? DBNull.Value;
            if (cmd.Run() == 0)
                throw new StaffElsewhereException(s.Id); // the transaction is rolled back as it is disposed uncommitted
            history.Parameters["$id"].Value = s.Id; history.Parameters["$m"].Value = s.MunicipalityNumber;
            history.Parameters["$member"].Value = StaffRows.MemberJson(s);
            history.Run();
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = ChangeMarkSql;
        return Task.FromResult((long)cmd.ExecuteScalar()!);
    }

    /// <summary>The staff registry's change mark (migration 32).</summary>
    internal const string ChangeMarkSql = "SELECT value FROM change_marks WHERE name = 'staff'";

    /// <summary>Migration 32: the change marks of the users (every row of their history) and of the staff registry (every row
    /// added, changed or removed), each moved by a trigger inside the changing transaction, so a change by any process, through
    /// any code, moves it. The users' mark starts at the history's size, the staff registry's at 0.</summary>
    public const string ChangeMarksSchema = """
        CREATE TABLE IF NOT EXISTS change_marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT OR IGNORE INTO change_marks(name, value) VALUES ('users', (SELECT count(*) FROM user_changes)), ('staff', 0);
        CREATE TRIGGER IF NOT EXISTS change_marks_users AFTER INSERT ON user_changes
            BEGIN UPDATE change_marks SET value = value + 1 WHERE name = 'users'; END;
        CREATE TRIGGER IF NOT EXISTS change_marks_staff_insert AFTER INSERT ON staff
            BEGIN UPDATE change_marks SET value = value + 1 WHERE name = 'staff'; END;
        CREATE TRIGGER IF NOT EXISTS change_marks_staff_update AFTER UPDATE ON staff
            BEGIN UPDATE change_marks SET value = value + 1 WHERE name = 'staff'; END;
        CREATE TRIGGER IF NOT EXISTS change_marks_staff_delete AFTER DELETE ON staff
            BEGIN UPDATE change_marks SET value = value + 1 WHERE name = 'staff'; END;
        """;

    /// <summary>Migration 33 on SQLite: the employee's last day (sluttdato, <see cref="StaffMember.LeftOn"/>) as an ISO date, null while
    /// they work there (every row stored before). Added only where it is missing (SQLite has no ADD COLUMN IF NOT EXISTS), so the step
    /// can run again.</summary>
    public static void AddLeftOn(SqliteConnection c, SqliteTransaction tx)
        => c.AddColumnIfMissing(tx, "staff", "left_on", "TEXT");

    public Task<IReadOnlyList<StaffMember>> ListAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT staff_id, municipality, name, position, education, years_in_child_welfare, further_education_credits, fte, left_on FROM staff"
            + (scope.IsNational ? "" : " WHERE municipality = $m") + " ORDER BY municipality, staff_id";
        if (!scope.IsNational) cmd.Parameters.AddWithValue("$m", scope.Number);
        using var r = cmd.ExecuteReader();
        var list = new List<StaffMember>();
        while (r.Read())
            list.Add(new StaffMember(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                Enum.Parse<Education>(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetDouble(7), StaffRows.Parse(r.IsDBNull(8) ? null : r.GetString(8))));
        return Task.FromResult<IReadOnlyList<StaffMember>>(list);
    }

    public Task<IReadOnlyList<StaffChange>> HistoryAsync(string municipalityNumber, string staffId, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT member, by, at FROM staff_changes WHERE municipality = $m AND staff_id = $id ORDER BY position";
        cmd.Parameters.AddWithValue("$m", municipalityNumber);
        cmd.Parameters.AddWithValue("$id", staffId);
        using var r = cmd.ExecuteReader();
        var list = new List<StaffChange>();
        while (r.Read())
            list.Add(new StaffChange(StaffRows.Member(r.GetString(0)), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture)));
        return Task.FromResult<IReadOnlyList<StaffChange>>(list);
    }

    public void Dispose() => _connection.Dispose();
}
