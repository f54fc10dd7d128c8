using Npgsql;

namespace Vern.Storage.Postgres;

/// <summary>Ansattregister on PostgreSQL: table <c>staff</c> (step 4). Import replaces an employee's row by id, all rows
/// of one import in one transaction.</summary>
public sealed class PostgresStaffRegistry(NpgsqlDataSource source) : IStaffRegistry
{
    public async Task UpsertAsync(IReadOnlyList<StaffMember> staff, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var s in staff)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO staff(staff_id, municipality, name, position, education, years_in_child_welfare, further_education_credits, fte, left_on)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (staff_id) DO UPDATE SET municipality = $2, name = $3, position = $4, education = $5,
                    years_in_child_welfare = $6, further_education_credits = $7, fte = $8, left_on = $9
                WHERE staff.municipality = $2
                """, c, tx);
            cmd.Parameters.AddWithValue(s.Id);
            cmd.Parameters.AddWithValue(s.MunicipalityNumber);
            cmd.Parameters.AddWithValue(s.Name);
            cmd.Parameters.AddWithValue(s.Position);
            cmd.Parameters.AddWithValue(s.Education.ToString());
            cmd.Parameters.AddWithValue(s.YearsInChildWelfare);
            cmd.Parameters.AddWithValue(s.FurtherEducationCredits);
            cmd.Parameters.AddWithValue(s.FullTimeEquivalent);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)StaffRows.Text(s.LeftOn) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new StaffElsewhereException(s.Id); // the transaction is rolled back as it is disposed uncommitted
            await using var history = new NpgsqlCommand("INSERT INTO staff_changes(staff_id, municipality, member, at, by) VALUES ($1, $2, $3, $4, $5)", c, tx);
            history.Parameters.AddWithValue(s.Id);
            history.Parameters.AddWithValue(s.MunicipalityNumber);
            history.Parameters.AddWithValue(StaffRows.MemberJson(s));
            history.Parameters.AddWithValue(StoredTime.Text(at));
            history.Parameters.AddWithValue(by);
            await history.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT value FROM change_marks WHERE name = 'staff'");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Migration 32 on PostgreSQL (<see cref="Sqlite.SqliteStaffRegistry.ChangeMarksSchema"/>). A statement-level trigger: one
    /// move per changing statement (a bulk COPY too). The mark's row is updated inside the changing transaction, so concurrent
    /// changes take its row lock in turn and the mark's values follow their commits.</summary>
    public const string ChangeMarksSchema = """
        CREATE TABLE IF NOT EXISTS change_marks (name text PRIMARY KEY, value bigint NOT NULL);
        INSERT INTO change_marks(name, value) VALUES ('users', (SELECT count(*) FROM user_changes)), ('staff', 0) ON CONFLICT (name) DO NOTHING;
        CREATE OR REPLACE FUNCTION vern_change_mark() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN UPDATE change_marks SET value = value + 1 WHERE name = TG_ARGV[0]; RETURN NULL; END $$;
        CREATE OR REPLACE TRIGGER change_marks_users AFTER INSERT ON user_changes
            FOR EACH STATEMENT EXECUTE FUNCTION vern_change_mark('users');
        CREATE OR REPLACE TRIGGER change_marks_staff AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff
            FOR EACH STATEMENT EXECUTE FUNCTION vern_change_mark('staff');
        """;

    /// <summary>Migration 33 on PostgreSQL (<see cref="Sqlite.SqliteStaffRegistry.AddLeftOn"/>): an ISO date as text, as the SQLite
    /// column holds it, so a move between the engines copies it as it is.</summary>
    public const string LeftOnSchema = "ALTER TABLE staff ADD COLUMN IF NOT EXISTS left_on text;";

    public async Task<IReadOnlyList<StaffChange>> HistoryAsync(string municipalityNumber, string staffId, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT member, by, at FROM staff_changes WHERE municipality = $1 AND staff_id = $2 ORDER BY position");
        cmd.Parameters.AddWithValue(municipalityNumber);
        cmd.Parameters.AddWithValue(staffId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StaffChange>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new StaffChange(StaffRows.Member(r.GetString(0)), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture)));
        return list;
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT staff_id, municipality, name, position, education, years_in_child_welfare, further_education_credits, fte, left_on FROM staff"
            + (scope.IsNational ? "" : " WHERE municipality = $1") + " ORDER BY municipality COLLATE \"C\", staff_id COLLATE \"C\"");
        if (!scope.IsNational) cmd.Parameters.AddWithValue(scope.Number!);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StaffMember>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new StaffMember(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                Enum.Parse<Education>(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetDouble(7), StaffRows.Parse(r.IsDBNull(8) ? null : r.GetString(8))));
        return list;
    }
}
