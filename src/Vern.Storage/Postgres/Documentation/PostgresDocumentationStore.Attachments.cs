using Npgsql;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Storage.Documentation;

namespace Vern.Storage.Postgres.Documentation;

// Attachments on PostgreSQL (step 13): the same two append-only tables as on SQLite, the content as bytea.
public sealed partial class PostgresDocumentationStore
{
    /// <summary>The schema of step 13 on PostgreSQL (never edit once shipped). <c>vern_refuse</c> comes from step 2.</summary>
    public const string AttachmentSchema = """
        CREATE TABLE attachment_contents (
            sha256 text PRIMARY KEY CHECK (length(sha256) = 64),
            size bigint NOT NULL,
            content bytea NOT NULL);
        CREATE TRIGGER attachment_contents_append_only BEFORE UPDATE OR DELETE ON attachment_contents
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('attachment contents are append-only and never erased');
        CREATE TABLE attachments (
            position bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            case_id text NOT NULL,
            municipality text NOT NULL,
            owner_kind text NOT NULL CHECK (owner_kind IN ('note', 'decision')),
            owner_id text NOT NULL,
            file_name text NOT NULL,
            type text NOT NULL,
            content_type text NOT NULL,
            size bigint NOT NULL,
            sha256 text NOT NULL REFERENCES attachment_contents(sha256),
            author text NOT NULL,
            recorded_at text NOT NULL);
        CREATE INDEX attachments_case ON attachments(case_id);
        CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE ON attachments
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('attachments are append-only and never erased');
        """;

    private const string AttachmentColumns = "id, case_id, owner_kind, owner_id, file_name, type, content_type, size, sha256, author, recorded_at";

    public async Task AddAttachmentAsync(Attachment a, byte[] content, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        ContentHash.Verified(content, a.Sha256);
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await Exec(c, tx, "INSERT INTO attachment_contents(sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING", cancellationToken,
            a.Sha256, content.LongLength, content);
        await Exec(c, tx, $"INSERT INTO attachments({AttachmentColumns}, municipality) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", cancellationToken,
            a.Id.ToString("D"), a.CaseId.ToString(), SqliteDocumentationStore.Owner(a.OwnerKind), a.OwnerId.ToString("D"), a.FileName, a.TypeCode, a.ContentType,
            a.Size, a.Sha256, a.AuthorId, Time(a.RecordedAt), municipalityNumber);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Attachment>> ReadAttachmentsAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        await ReadAttachments("case_id = $1", caseId.ToString(), cancellationToken);

    public async Task<Attachment?> ReadAttachmentAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await ReadAttachments("id = $1", id.ToString("D"), cancellationToken)).FirstOrDefault();

    public async Task<byte[]?> ReadAttachmentContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT content FROM attachment_contents WHERE sha256 = $1");
        cmd.Parameters.AddWithValue(sha256);
        return await cmd.ExecuteScalarAsync(cancellationToken) is byte[] content ? ContentHash.Verified(content, sha256) : null;
    }

    private async Task<List<Attachment>> ReadAttachments(string where, string key, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand($"SELECT {AttachmentColumns} FROM attachments WHERE {where} ORDER BY position");
        cmd.Parameters.AddWithValue(key);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Attachment>();
        while (await r.ReadAsync(ct))
            list.Add(new Attachment(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), SqliteDocumentationStore.ParseOwner(r.GetString(2)),
                Guid.Parse(r.GetString(3)), r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt64(7), r.GetString(8), r.GetString(9), ParseTime(r.GetString(10))));
        return list;
    }
}
