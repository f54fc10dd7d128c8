using Npgsql;

namespace Vern.Storage.Postgres;

/// <summary>Ansattregister on PostgreSQL: table <c>staff</c> (step 4). Import replaces an employee's row by id, all rows
/// of one import in one transaction.</summary>
public sealed class PostgresStaffRegistry(NpgsqlDataSource source) : IStaffRegistry
{
    public async Task UpsertAsync(IReadOnlyList<StaffMember> staff, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        foreach (var s in staff)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO staff VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (staff_id) DO UPDATE SET municipality = $2, name = $3, position = $4, education = $5,
                    years_in_child_welfare = $6, further_education_credits = $7, fte = $8
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
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new StaffElsewhereException(s.Id); // the transaction is rolled back as it is disposed uncommitted
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(MunicipalityScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT staff_id, municipality, name, position, education, years_in_child_welfare, further_education_credits, fte FROM staff"
            + (scope.IsNational ? "" : " WHERE municipality = $1") + " ORDER BY municipality COLLATE \"C\", staff_id COLLATE \"C\"");
        if (!scope.IsNational) cmd.Parameters.AddWithValue(scope.Number!);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StaffMember>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new StaffMember(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                Enum.Parse<Education>(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetDouble(7)));
        return list;
    }
}
