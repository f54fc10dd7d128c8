using System.Globalization;
using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Storage.Parties;

namespace Vern.Storage.Postgres.Features;

/// <summary>The persons recorded on cases on PostgreSQL (migration 11, <c>case_persons</c>), as <see cref="SqlitePartyStore"/>:
/// append-only by triggers, versions 1, 2, … per person (the primary key refuses a second writer of one version), a person
/// stays on one case (trigger). Writers are serialised per store, as SQLite's single writer does.</summary>
public sealed class PostgresPartyStore(NpgsqlDataSource source) : IPartyStore
{
    private const long WriterLock = 7466111;

    private const string Columns = "person_id, version, case_id, role, name, identifier, address, protection, parental_responsibility, report_id, anonymity_requested, party_reason, recorded_by, recorded_at";

    public Task AppendPersonAsync(CasePerson person, string municipalityNumber, CancellationToken cancellationToken = default) =>
        AppendPersonsAsync([person], municipalityNumber, cancellationToken);

    public async Task AppendPersonsAsync(IReadOnlyList<CasePerson> persons, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.LockAsync(tx, WriterLock, cancellationToken);
        foreach (var p in persons)
        {
            var existing = (long)(await c.ScalarAsync(tx, "SELECT count(*) FROM case_persons WHERE person_id = $id", cancellationToken, ("$id", p.Id.ToString())))!;
            if (p.Version != existing + 1)
                throw new PersonConcurrencyException(p.Id, (int)existing + 1);
            try
            {
                await c.ExecAsync(tx, $"INSERT INTO case_persons({Columns}, municipality) VALUES ($id, $v, $c, $role, $name, $fnr, $addr, $prot, $pr, $rep, $anon, $reason, $by, $at, $m)",
                    cancellationToken,
                    ("$id", p.Id.ToString()), ("$v", p.Version), ("$c", p.CaseId.ToString()), ("$role", PersonText.Code(p.Role)), ("$name", p.Name),
                    ("$fnr", p.Identifier), ("$addr", p.Address), ("$prot", PersonText.ProtectionCode(p.Protection)), ("$pr", p.ParentalResponsibility ? 1 : 0),
                    ("$rep", p.ReportId?.ToString()), ("$anon", p.AnonymityRequested ? 1 : 0), ("$reason", p.PartyReason), ("$by", p.RecordedBy),
                    ("$at", p.RecordedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("$m", municipalityNumber));
            }
            catch (PostgresException e) when (e.IsUniqueViolation())
            {
                throw new PersonConcurrencyException(p.Id, (int)existing + 1);
            }
        }
        await tx.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<CasePerson>> ReadCasePersonsAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        ReadAsync($"""
            SELECT {Columns} FROM case_persons p WHERE case_id = $k
              AND version = (SELECT max(version) FROM case_persons q WHERE q.person_id = p.person_id)
            ORDER BY (SELECT min(seq) FROM case_persons q WHERE q.person_id = p.person_id)
            """, caseId.ToString(), cancellationToken);

    public Task<IReadOnlyList<CasePerson>> ReadPersonHistoryAsync(PersonId id, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM case_persons WHERE person_id = $k ORDER BY version", id.ToString(), cancellationToken);

    private async Task<IReadOnlyList<CasePerson>> ReadAsync(string sql, string key, CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var cmd = c.Command(null, sql, ("$k", key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<CasePerson>();
        while (await r.ReadAsync(ct))
            list.Add(new CasePerson(
                PersonId.Parse(r.GetString(0)), CaseId.Parse(r.GetString(2)), r.GetInt32(1), PersonText.ParseRole(r.GetString(3)), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), PersonText.ParseProtection(r.GetString(7)), r.GetInt32(8) == 1,
                r.IsDBNull(9) ? null : EntryId.Parse(r.GetString(9)), r.GetInt32(10) == 1, r.IsDBNull(11) ? null : r.GetString(11), r.GetString(12),
                DateTimeOffset.Parse(r.GetString(13), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        return list;
    }
}
