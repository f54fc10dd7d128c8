using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vern.Domain.Finance;
using Vern.Storage.Sqlite;

namespace Vern.Storage.Finance;

/// <summary>Stored co-payment invoices in the Vern database (migration 14): one row per document with its lines as JSON;
/// UPDATE and DELETE abort (a correction is a credit note and a new invoice).</summary>
public sealed class SqliteInvoiceStore : IInvoiceStore, IDisposable
{
    /// <summary>The schema of migration 14 (never edit once shipped).</summary>
    public const string Schema = """
        CREATE TABLE finance_invoices (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            number TEXT NOT NULL UNIQUE,
            municipality TEXT NOT NULL,
            year INTEGER NOT NULL,
            month INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('Invoice', 'CreditNote')),
            credits TEXT REFERENCES finance_invoices(number),
            total TEXT NOT NULL,
            lines TEXT NOT NULL,
            issuer TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            issued_at TEXT NOT NULL);
        CREATE INDEX finance_invoices_municipality_month ON finance_invoices(municipality, year, month);
        CREATE TRIGGER finance_invoices_update BEFORE UPDATE ON finance_invoices
            BEGIN SELECT RAISE(ABORT, 'invoices are append-only: correct with a credit note and a new invoice'); END;
        CREATE TRIGGER finance_invoices_delete BEFORE DELETE ON finance_invoices
            BEGIN SELECT RAISE(ABORT, 'invoices are append-only: nothing is deleted'); END;
        """;

    /// <summary>The same table in PostgreSQL (numeric amounts; the lines as jsonb).</summary>
    public const string PostgresSchema = """
        CREATE TABLE finance_invoices (
            position BIGSERIAL PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            municipality TEXT NOT NULL,
            year INTEGER NOT NULL,
            month INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('Invoice', 'CreditNote')),
            credits TEXT REFERENCES finance_invoices(number),
            total NUMERIC(14, 2) NOT NULL,
            lines JSONB NOT NULL,
            issuer TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            issued_at TIMESTAMPTZ NOT NULL);
        CREATE INDEX finance_invoices_municipality_month ON finance_invoices(municipality, year, month);
        CREATE FUNCTION finance_invoices_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'invoices are append-only: correct with a credit note and a new invoice'; END; $$;
        CREATE TRIGGER finance_invoices_update BEFORE UPDATE OR DELETE ON finance_invoices
            FOR EACH ROW EXECUTE FUNCTION finance_invoices_append_only();
        """;

    /// <summary>An invoice number stored twice (the UNIQUE number): the same refusal on every store.</summary>
    internal static StoreRefusedException NumberTaken(string number) =>
        StoreRefusal.Refused($"Fakturanummeret {number} finnes allerede; ingenting ble lagret.", "an invoice number is stored once");

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private SqliteInvoiceStore(SqliteConnection connection) => _connection = connection;

    public static SqliteInvoiceStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task AppendAsync(IReadOnlyList<IssuedInvoice> documents, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            foreach (var d in documents)
            {
                if (_connection.Scalar(tx, "SELECT count(*) FROM finance_invoices WHERE number = $n", ("$n", d.Number)) > 0)
                    throw SqliteInvoiceStore.NumberTaken(d.Number);
                _connection.Exec(tx, """
                    INSERT INTO finance_invoices(number, municipality, year, month, kind, credits, total, lines, issuer, issued_by, issued_at)
                    VALUES ($n, $m, $y, $mo, $k, $c, $t, $l, $i, $b, $at)
                    """,
                    ("$n", d.Number), ("$m", d.Municipality), ("$y", d.Year), ("$mo", d.Month), ("$k", d.Kind.ToString()), ("$c", d.Credits),
                    ("$t", d.Total.ToString(CultureInfo.InvariantCulture)), ("$l", JsonSerializer.Serialize(d.Lines)), ("$i", d.Issuer), ("$b", d.IssuedBy),
                    ("$at", d.IssuedAt.ToString("O", CultureInfo.InvariantCulture)));
            }
            tx.Commit();
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IssuedInvoice>> ListAsync(string? municipality, int? year, int? month, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            using var cmd = _connection.Command(null, """
                SELECT number, municipality, year, month, kind, credits, total, lines, issuer, issued_by, issued_at FROM finance_invoices
                WHERE ($m IS NULL OR municipality = $m) AND ($y IS NULL OR year = $y) AND ($mo IS NULL OR month = $mo) ORDER BY position
                """, ("$m", municipality), ("$y", year), ("$mo", month));
            using var r = cmd.ExecuteReader();
            var list = new List<IssuedInvoice>();
            while (r.Read())
                list.Add(new IssuedInvoice(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), Enum.Parse<IssuedInvoiceKind>(r.GetString(4)),
                    r.IsDBNull(5) ? null : r.GetString(5), decimal.Parse(r.GetString(6), CultureInfo.InvariantCulture),
                    JsonSerializer.Deserialize<List<IssuedInvoiceLine>>(r.GetString(7))!, r.GetString(8), r.GetString(9),
                    DateTimeOffset.Parse(r.GetString(10), CultureInfo.InvariantCulture)));
            return Task.FromResult<IReadOnlyList<IssuedInvoice>>(list);
        }
    }

    public void Dispose() => _connection.Dispose();
}
