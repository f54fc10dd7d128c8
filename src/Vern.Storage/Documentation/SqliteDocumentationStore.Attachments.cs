using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Storage.Documentation;

// Attachments (migration 13): the content once per SHA-256 in attachment_contents, a row per attachment in attachments; both
// append-only by triggers, so an attachment is never changed or erased, not even with plain SQL.
public sealed partial class SqliteDocumentationStore
{
    /// <summary>The schema of migration 13 (in <see cref="Sqlite.SqliteMigrations.All"/>; never edit once shipped).</summary>
    public const string AttachmentSchema = """
        CREATE TABLE attachment_contents (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            size INTEGER NOT NULL,
            content BLOB NOT NULL);
        CREATE TRIGGER attachment_contents_update BEFORE UPDATE ON attachment_contents
            BEGIN SELECT RAISE(ABORT, 'attachment contents are append-only'); END;
        CREATE TRIGGER attachment_contents_delete BEFORE DELETE ON attachment_contents
            BEGIN SELECT RAISE(ABORT, 'attachment contents are never erased'); END;
        CREATE TABLE attachments (
            position INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            owner_kind TEXT NOT NULL CHECK (owner_kind IN ('note', 'decision')),
            owner_id TEXT NOT NULL,
            file_name TEXT NOT NULL,
            type TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES attachment_contents(sha256),
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL);
        CREATE INDEX attachments_case ON attachments(case_id);
        CREATE TRIGGER attachments_update BEFORE UPDATE ON attachments
            BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
        CREATE TRIGGER attachments_delete BEFORE DELETE ON attachments
            BEGIN SELECT RAISE(ABORT, 'attachments are never erased'); END;
        """;

    private const string AttachmentColumns = "id, case_id, owner_kind, owner_id, file_name, type, content_type, size, sha256, author, recorded_at";

    public Task AddAttachmentAsync(Attachment a, byte[] content, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        ContentHash.Verified(content, a.Sha256);
        using var tx = _connection.BeginTransaction(deferred: false);
        Exec(tx, "INSERT INTO attachment_contents(sha256, size, content) VALUES ($h, $s, $c) ON CONFLICT (sha256) DO NOTHING",
            ("$h", a.Sha256), ("$s", content.LongLength), ("$c", content));
        Exec(tx, $"INSERT INTO attachments({AttachmentColumns}, municipality) VALUES ($id, $case, $ok, $oi, $n, $t, $ct, $s, $h, $a, $at, $m)",
            ("$id", a.Id.ToString("D")), ("$case", a.CaseId.ToString()), ("$ok", Owner(a.OwnerKind)), ("$oi", a.OwnerId.ToString("D")), ("$n", a.FileName),
            ("$t", a.TypeCode), ("$ct", a.ContentType), ("$s", a.Size), ("$h", a.Sha256), ("$a", a.AuthorId), ("$at", Time(a.RecordedAt)), ("$m", municipalityNumber));
        tx.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Attachment>> ReadAttachmentsAsync(CaseId caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Attachment>>(ReadAttachments("case_id = $k", caseId.ToString()));

    public Task<Attachment?> ReadAttachmentAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadAttachments("id = $k", id.ToString("D")).FirstOrDefault());

    public Task<byte[]?> ReadAttachmentContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT content FROM attachment_contents WHERE sha256 = $h";
        cmd.Parameters.AddWithValue("$h", sha256);
        return Task.FromResult(cmd.ExecuteScalar() is byte[] content ? ContentHash.Verified(content, sha256) : null);
    }

    private List<Attachment> ReadAttachments(string where, string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {AttachmentColumns} FROM attachments WHERE {where} ORDER BY position";
        cmd.Parameters.AddWithValue("$k", key);
        using var r = cmd.ExecuteReader();
        var list = new List<Attachment>();
        while (r.Read())
            list.Add(ReadAttachment(r));
        return list;
    }

    internal static Attachment ReadAttachment(SqliteDataReader r) => new(Guid.Parse(r.GetString(0)), CaseId.Parse(r.GetString(1)), ParseOwner(r.GetString(2)),
        Guid.Parse(r.GetString(3)), r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt64(7), r.GetString(8), r.GetString(9), ParseTime(r.GetString(10)));

    public static string Owner(AttachmentOwnerKind kind) => kind == AttachmentOwnerKind.Note ? "note" : "decision";

    public static AttachmentOwnerKind ParseOwner(string text) => text == "note" ? AttachmentOwnerKind.Note : AttachmentOwnerKind.Decision;
}
