using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Storage.Documentation;
using Vern.Storage.Sqlite;

namespace Vern.Documentation.Tests;

/// <summary>Test files: real bytes of each kind (a PDF header, PNG and JPEG signatures, office files made as zip archives).</summary>
internal static class Files
{
    public static byte[] Pdf(string body = "") => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + body + "\n%%EOF\n");

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];

    /// <summary>A zip with the given entries (the first stored uncompressed, as OpenDocument requires of «mimetype»).</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var first = true;
            foreach (var (name, content) in entries)
            {
                var e = zip.CreateEntry(name, first ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                first = false;
                using var w = new StreamWriter(e.Open(), new UTF8Encoding(false));
                w.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Docx(bool macros = false) => Zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"), .. macros ? new[] { ("word/vbaProject.bin", "x") } : []]);

    public static byte[] Odt() => Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>"), ("META-INF/manifest.xml", "<m/>"));
}

/// <summary>The attachment rules (pure): the type is decided by the content, never by the name; the size limit; a safe name.</summary>
public sealed class AttachmentRuleTests
{
    [Fact]
    public void The_type_is_found_by_content()
    {
        Assert.Equal("pdf", AttachmentRules.Sniff(Files.Pdf())?.Code);
        Assert.Equal("png", AttachmentRules.Sniff(Files.Png)?.Code);
        Assert.Equal("jpeg", AttachmentRules.Sniff(Files.Jpeg)?.Code);
        Assert.Equal("docx", AttachmentRules.Sniff(Files.Docx())?.Code);
        Assert.Equal("xlsx", AttachmentRules.Sniff(Files.Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")))?.Code);
        Assert.Equal("odt", AttachmentRules.Sniff(Files.Odt())?.Code);
    }

    /// <summary>Never served inline as HTML (issue 22): HTML, SVG, scripts, plain archives and macro-enabled office files are refused
    /// whatever they are called.</summary>
    [Theory]
    [InlineData("<!DOCTYPE html><script>alert(1)</script>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("#!/bin/sh\nrm -rf /")]
    [InlineData("MZ\u0090\u0000")]
    public void Content_that_is_not_an_allowed_type_is_refused_whatever_its_name(string content)
    {
        var issues = AttachmentRules.Validate("rapport.pdf", Encoding.UTF8.GetBytes(content), out var type);
        Assert.Null(type);
        var issue = Assert.Single(issues);
        Assert.Equal("vern.attachment.type", issue.Code);
        Assert.Contains("avgjøres av innholdet", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Archives_and_macro_documents_are_refused()
    {
        Assert.Null(AttachmentRules.Sniff(Files.Zip(("a.txt", "hei"))));
        Assert.Null(AttachmentRules.Sniff(Files.Docx(macros: true)));
    }

    [Fact]
    public void Empty_and_too_large_files_are_refused()
    {
        Assert.Equal("vern.attachment.empty", Assert.Single(AttachmentRules.Validate("a.pdf", [], out _)).Code);
        var large = new byte[AttachmentRules.MaxBytes + 1];
        Files.Pdf().CopyTo(large, 0);
        Assert.Equal("vern.attachment.too-large", Assert.Single(AttachmentRules.Validate("a.pdf", large, out _)).Code);
        var limit = new byte[AttachmentRules.MaxBytes];
        Files.Pdf().CopyTo(limit, 0);
        Assert.Empty(AttachmentRules.Validate("a.pdf", limit, out _));
    }

    [Fact]
    public void The_name_keeps_no_folder_and_no_control_characters()
    {
        Assert.Equal("passwd", AttachmentRules.CleanFileName("../../etc/passwd"));
        Assert.Equal("brev.pdf", AttachmentRules.CleanFileName("C:\\Users\\x\\brev\u0000.pdf"));
        Assert.Equal("rapport.pdf", AttachmentRules.CleanFileName("rapport\u202E.pdf"));
        Assert.Equal("vern.attachment.name", Assert.Single(AttachmentRules.Validate("/", Files.Pdf(), out _)).Code);
    }
}

/// <summary>The attachment contract on every engine: content stored once per SHA-256 and read back whole; a content that does not
/// hash to its key is refused.</summary>
public abstract class AttachmentStoreContract
{
    protected abstract IDocumentationStore Store { get; }

    protected static Attachment A(CaseId c, byte[] content, string name = "brev.pdf") =>
        new(Guid.NewGuid(), c, AttachmentOwnerKind.Note, Guid.NewGuid(), name, "pdf", "application/pdf", content.Length, ContentHash.Of(content), "sb-a",
            new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task Stored_by_hash_and_read_back_whole()
    {
        var c = new CaseId(Guid.NewGuid());
        var content = Files.Pdf("Skolens rapport");
        var first = A(c, content);
        var second = A(c, content, "kopi.pdf");
        await Store.AddAttachmentAsync(first, content, "4601");
        await Store.AddAttachmentAsync(second, content, "4601");
        Assert.Equal([first, second], await Store.ReadAttachmentsAsync(c));
        Assert.Equal(second, await Store.ReadAttachmentAsync(second.Id));
        Assert.Equal(content, await Store.ReadAttachmentContentAsync(first.Sha256));
        Assert.Null(await Store.ReadAttachmentAsync(Guid.NewGuid()));
        Assert.Empty(await Store.ReadAttachmentsAsync(new CaseId(Guid.NewGuid())));
    }

    [SkippableFact]
    public async Task Content_that_does_not_match_its_hash_is_refused()
    {
        var c = new CaseId(Guid.NewGuid());
        var a = A(c, Files.Pdf("a"));
        await Assert.ThrowsAsync<InvalidDataException>(() => Store.AddAttachmentAsync(a, Files.Pdf("b"), "4601"));
        Assert.Empty(await Store.ReadAttachmentsAsync(c));
    }
}

public sealed class InMemoryAttachmentStoreTests : AttachmentStoreContract
{
    protected override IDocumentationStore Store { get; } = new InMemoryDocumentationStore();
}

public sealed class SqliteAttachmentStoreTests : AttachmentStoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "vern-attach-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly SqliteDocumentationStore _store;

    public SqliteAttachmentStoreTests() => _store = SqliteDocumentationStore.Open(_path);

    protected override IDocumentationStore Store => _store;

    /// <summary>Append-only and never erased below the application: plain SQL cannot change or delete an attachment or its content
    /// (triggers of migration 13); one content row for two attachments with the same bytes.</summary>
    [Fact]
    public async Task Plain_sql_cannot_change_or_erase_an_attachment()
    {
        var c = new CaseId(Guid.NewGuid());
        var content = Files.Pdf("x");
        await _store.AddAttachmentAsync(A(c, content), content, "4601");
        await _store.AddAttachmentAsync(A(c, content), content, "4601");
        using var connection = SqliteMigrations.Open(_path);
        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM attachment_contents";
            Assert.Equal(1L, count.ExecuteScalar());
        }
        foreach (var sql in new[]
                 {
                     "UPDATE attachments SET file_name = 'annet.pdf'", "DELETE FROM attachments",
                     "UPDATE attachment_contents SET content = x'00'", "DELETE FROM attachment_contents",
                 })
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        }
        Assert.Equal(2, (await _store.ReadAttachmentsAsync(c)).Count);
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            File.Delete(f);
    }
}

/// <summary>The contract on PostgreSQL (step 13's PostgreSQL SQL), with its append-only triggers.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class PostgresAttachmentStoreTests : AttachmentStoreContract, IDisposable
{
    private readonly PostgresTestSchema _pg = new();
    private Vern.Storage.Postgres.PostgresDatabase? _db;

    protected override IDocumentationStore Store
    {
        get
        {
            if (_db is null)
            {
                _db = Vern.Storage.Postgres.PostgresDatabase.OpenAsync(_pg.ConnectionString).GetAwaiter().GetResult();
                // Until every step before 13 has its PostgreSQL SQL the runner stops earlier (PostgresMigrations.Steps); step 13's own
                // SQL is then applied here, the same text the runner applies once it gets there.
                using var c = _pg.Connect();
                using var check = new Npgsql.NpgsqlCommand("SELECT to_regclass('attachments') IS NULL", c);
                if ((bool)check.ExecuteScalar()!)
                {
                    using var create = new Npgsql.NpgsqlCommand(Vern.Storage.Postgres.Documentation.PostgresDocumentationStore.AttachmentSchema, c);
                    create.ExecuteNonQuery();
                }
            }
            return _db.Documentation;
        }
    }

    [SkippableFact]
    public async Task Plain_sql_cannot_change_or_erase_an_attachment()
    {
        var c = new CaseId(Guid.NewGuid());
        var content = Files.Pdf("x");
        await Store.AddAttachmentAsync(A(c, content), content, "4601");
        using var connection = _pg.Connect();
        foreach (var sql in new[] { "UPDATE attachments SET file_name = 'annet.pdf'", "DELETE FROM attachments", "UPDATE attachment_contents SET content = '\\x00'", "DELETE FROM attachment_contents" })
        {
            using var cmd = new Npgsql.NpgsqlCommand(sql, connection);
            Assert.Throws<Npgsql.PostgresException>(() => cmd.ExecuteNonQuery());
        }
        Assert.Single(await Store.ReadAttachmentsAsync(c));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _pg.Dispose();
    }
}

/// <summary>Attachments through the application layer: scoped like the rest of the documentation, refused files store nothing,
/// and every download is in the case's access log (issue 22 "must show").</summary>
public sealed class AttachmentAppTests
{
    private static WriteNote Note(string text) => new(new DateOnly(2024, 5, 20), "samtale-barn", text);

    [Fact]
    public async Task Every_attachment_download_is_in_the_cases_access_log()
    {
        using var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var note = await f.App.WriteNoteAsync(sb, f.Own, Note("Brev fra skolen vedlagt."));
        var content = Files.Pdf("Skolens rapport om Kari");
        var a = await f.App.AddAttachmentAsync(sb, f.Own, AttachmentOwnerKind.Note, note.Id.Value, "skolerapport.pdf", content);
        Assert.Equal(ContentHash.Of(content), a.Sha256);
        Assert.Equal("application/pdf", a.ContentType);

        var file = await f.App.DownloadAttachmentAsync(await f.As("leder-a"), a.Id, "oppfølging");
        Assert.Equal(content, file.Content);
        await f.App.DownloadAttachmentAsync(await f.As("tilsyn-a"), a.Id, "tilsyn med dokumentasjonen");
        Assert.Single(await f.App.ListAttachmentsAsync(sb, f.Own));

        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own);
        Assert.Contains(log, e => e.ActorId == "leder-a" && e.Operation == "attachment download" && e.Purpose == "oppfølging");
        Assert.Contains(log, e => e.ActorId == "tilsyn-a" && e.Operation == "attachment download");
        Assert.Contains(log, e => e.ActorId == "sb-a" && e.Operation == "attachment list");

        // Another municipality, another caseworker's case, an analyst: refused, and the refusal is logged first.
        foreach (var refused in new[] { "leder-x", "sb-b", "analytiker-a", "tilsyn-a" })
        {
            var actor = await f.As(refused);
            await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.DownloadAttachmentAsync(actor, a.Id));
        }
        Assert.Contains(await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own), e => e.ActorId == "sb-b" && e.Outcome == "denied");
    }

    [Fact]
    public async Task A_refused_file_or_a_foreign_note_stores_nothing()
    {
        using var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var own = await f.App.WriteNoteAsync(sb, f.Own, Note("Eget notat."));
        var foreign = await f.App.WriteNoteAsync(await f.As("sb-b"), f.SameService, Note("Kollegaens notat."));

        var html = await Assert.ThrowsAsync<DomainRuleException>(() =>
            f.App.AddAttachmentAsync(sb, f.Own, AttachmentOwnerKind.Note, own.Id.Value, "rapport.pdf", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")));
        Assert.Equal("vern.attachment.type", Assert.Single(html.Issues).Code);
        var wrongOwner = await Assert.ThrowsAsync<DomainRuleException>(() =>
            f.App.AddAttachmentAsync(sb, f.Own, AttachmentOwnerKind.Note, foreign.Id.Value, "brev.pdf", Files.Pdf()));
        Assert.Equal("vern.attachment.owner", Assert.Single(wrongOwner.Issues).Code);
        await Assert.ThrowsAsync<DomainRuleException>(() =>
            f.App.AddAttachmentAsync(sb, f.Own, AttachmentOwnerKind.Decision, Guid.NewGuid(), "brev.pdf", Files.Pdf()));
        Assert.Empty(await f.App.ListAttachmentsAsync(sb, f.Own));

        // A decision of the case takes an attachment too.
        var onDecision = await f.App.AddAttachmentAsync(await f.As("leder-a"), f.Own, AttachmentOwnerKind.Decision, f.Decision[f.Own].Value, "nemnda.docx", Files.Docx());
        Assert.Equal("docx", onDecision.TypeCode);
    }
}
