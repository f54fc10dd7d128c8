using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Vern.Domain.Finance;
using Vern.Storage.Finance;

namespace Vern.Storage.Postgres.Features;

/// <summary>Stored co-payment invoices on PostgreSQL (migration 14, <c>finance_invoices</c>), as <see cref="SqliteInvoiceStore"/>:
/// one row per document, amounts as NUMERIC(14, 2), the lines as jsonb; append-only by trigger. A batch is one transaction
/// under the store's advisory lock, so a number already stored (by this or another process) refuses the whole batch.</summary>
public sealed class PostgresInvoiceStore(NpgsqlDataSource source) : IInvoiceStore
{
    /// <summary>The advisory lock key of the invoice writers ("vern-inv").</summary>
    private const long LockKey = 0x7665726e2d696e76;

    public async Task AppendAsync(IReadOnlyList<IssuedInvoice> documents, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await c.LockAsync(tx, LockKey, cancellationToken);
        foreach (var d in documents)
        {
            if (Convert.ToInt64(await c.ScalarAsync(tx, "SELECT count(*) FROM finance_invoices WHERE number = $n", cancellationToken, ("$n", d.Number))) > 0)
                throw SqliteInvoiceStore.NumberTaken(d.Number);
            await using var cmd = c.Command(tx, """
                INSERT INTO finance_invoices(number, municipality, year, month, kind, credits, total, lines, issuer, issued_by, issued_at)
                VALUES ($n, $m, $y, $mo, $k, $c, $t, $l, $i, $b, $at)
                """,
                ("$n", d.Number), ("$m", d.Municipality), ("$y", d.Year), ("$mo", d.Month), ("$k", d.Kind.ToString()), ("$c", d.Credits),
                ("$t", d.Total), ("$i", d.Issuer), ("$b", d.IssuedBy), ("$at", d.IssuedAt.ToUniversalTime()));
            cmd.Parameters.Add(new NpgsqlParameter("l", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(d.Lines) });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IssuedInvoice>> ListAsync(string? municipality, int? year, int? month, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var cmd = c.Command(null, """
            SELECT number, municipality, year, month, kind, credits, total, lines::text, issuer, issued_by, issued_at FROM finance_invoices
            WHERE ($m::text IS NULL OR municipality = $m) AND ($y::int IS NULL OR year = $y::int) AND ($mo::int IS NULL OR month = $mo::int)
            ORDER BY position
            """, ("$m", municipality), ("$y", year), ("$mo", month));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<IssuedInvoice>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new IssuedInvoice(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), Enum.Parse<IssuedInvoiceKind>(r.GetString(4)),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetDecimal(6), JsonSerializer.Deserialize<List<IssuedInvoiceLine>>(r.GetString(7))!,
                r.GetString(8), r.GetString(9), new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(10), DateTimeKind.Utc))));
        return list;
    }
}
