using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Parties;

/// <summary>The persons recorded on cases in the Vern database (migration 11). The table is append-only by triggers; a
/// person's versions are numbered 1, 2, … and may not move to another case.</summary>
public sealed class SqlitePartyStore : IPartyStore, IDisposable
{
    /// <summary>The schema of migration 11 (in <see cref="SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE case_persons (
            person_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('child', 'parent', 'guardian', 'reporter', 'other')),
            name TEXT NOT NULL,
            identifier TEXT,
            address TEXT,
            protection TEXT NOT NULL CHECK (protection IN ('none', 'confidential', 'strictly-confidential', 'strictly-confidential-abroad')),
            parental_responsibility INTEGER NOT NULL,
            report_id TEXT,
            anonymity_requested INTEGER NOT NULL,
            party_reason TEXT,
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (person_id, version));
        CREATE INDEX case_persons_case ON case_persons(case_id);
        CREATE TRIGGER case_persons_update BEFORE UPDATE ON case_persons
            BEGIN SELECT RAISE(ABORT, 'case persons are append-only: record a new version'); END;
        CREATE TRIGGER case_persons_delete BEFORE DELETE ON case_persons
            BEGIN SELECT RAISE(ABORT, 'case persons are append-only: nothing is deleted'); END;
        CREATE TRIGGER case_persons_same_case BEFORE INSERT ON case_persons
            WHEN EXISTS (SELECT 1 FROM case_persons WHERE person_id = NEW.person_id AND case_id <> NEW.case_id)
            BEGIN SELECT RAISE(ABORT, 'a case person belongs to one case'); END;
        """;

    private const string Columns = "person_id, version, case_id, role, name, identifier, address, protection, parental_responsibility, report_id, anonymity_requested, party_reason, recorded_by, recorded_at";

    private readonly SqliteConnection _connection;

    private SqlitePartyStore(SqliteConnection connection) => _connection = connection;

    public static SqlitePartyStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task AppendPersonAsync(CasePerson person, string municipalityNumber, CancellationToken cancellationToken = default) =>
        AppendPersonsAsync([person], municipalityNumber, cancellationToken);

    public Task AppendPersonsAsync(IReadOnlyList<CasePerson> persons, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var count = _connection.CreateCommand();
        count.Transaction = tx;
        count.CommandText = "SELECT count(*) FROM case_persons WHERE person_id = $id";
        var id = count.Parameters.Add("$id", SqliteType.Text);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO case_persons({Columns}, municipality) VALUES ($id, $v, $c, $role, $name, $fnr, $addr, $prot, $pr, $rep, $anon, $reason, $by, $at, $m)";
        foreach (var p in persons)
        {
            id.Value = p.Id.ToString();
            var existing = (long)count.ExecuteScalar()!;
            if (p.Version != existing + 1)
                throw new PersonConcurrencyException(p.Id, (int)existing + 1);
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$id", p.Id.ToString());
            cmd.Parameters.AddWithValue("$v", p.Version);
            cmd.Parameters.AddWithValue("$c", p.CaseId.ToString());
            cmd.Parameters.AddWithValue("$role", PersonText.Code(p.Role));
            cmd.Parameters.AddWithValue("$name", p.Name);
            cmd.Parameters.AddWithValue("$fnr", (object?)p.Identifier ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$addr", (object?)p.Address ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$prot", PersonText.ProtectionCode(p.Protection));
            cmd.Parameters.AddWithValue("$pr", p.ParentalResponsibility ? 1 : 0);
            cmd.Parameters.AddWithValue("$rep", (object?)p.ReportId?.ToString() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$anon", p.AnonymityRequested ? 1 : 0);
            cmd.Parameters.AddWithValue("$reason", (object?)p.PartyReason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$by", p.RecordedBy);
            cmd.Parameters.AddWithValue("$at", p.RecordedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$m", municipalityNumber);
            try
            {
                cmd.Run(); // a person on a second case: the trigger's refusal, as StoreRefusedException
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new PersonConcurrencyException(p.Id, (int)existing + 1);
            }
        }
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CasePerson>> ReadCasePersonsAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read($"""
            SELECT {Columns} FROM case_persons p WHERE case_id = $k
              AND version = (SELECT max(version) FROM case_persons q WHERE q.person_id = p.person_id)
            ORDER BY (SELECT min(rowid) FROM case_persons q WHERE q.person_id = p.person_id)
            """, caseId.ToString()));

    public Task<IReadOnlyList<CasePerson>> ReadPersonHistoryAsync(PersonId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read($"SELECT {Columns} FROM case_persons WHERE person_id = $k ORDER BY version", id.ToString()));

    private IReadOnlyList<CasePerson> Read(string sql, string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$k", key);
        using var r = cmd.ExecuteReader();
        var list = new List<CasePerson>();
        while (r.Read())
            list.Add(new CasePerson(
                PersonId.Parse(r.GetString(0)), CaseId.Parse(r.GetString(2)), r.GetInt32(1), PersonText.ParseRole(r.GetString(3)), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), PersonText.ParseProtection(r.GetString(7)), r.GetInt64(8) == 1,
                r.IsDBNull(9) ? null : EntryId.Parse(r.GetString(9)), r.GetInt64(10) == 1, r.IsDBNull(11) ? null : r.GetString(11), r.GetString(12),
                DateTimeOffset.Parse(r.GetString(13), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        return list;
    }

    public void Dispose() => _connection.Dispose();
}
