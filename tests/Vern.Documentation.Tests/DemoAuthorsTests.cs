using Microsoft.Data.Sqlite;
using Vern.Application;
using Vern.Synthetic;
using Vern.Tests;

namespace Vern.Documentation.Tests;

/// <summary>Issue 22: the demo's documentation is written by stored users, so the case page and the note history show a name
/// (before, by the generator's caseworker ids sb-7777-03 …, which were not users, and the pages showed the bare ids).</summary>
public sealed class DemoAuthorsTests
{
    [Fact]
    public async Task GenerateDemo_EveryDocumentationAuthor_IsAStoredUserWithAName()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vern-demo-authors", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "vern.db");
        try
        {
            using (var app = VernApp.OpenSqlite(path, TestReference.CodeLists.Value, new FixedClock(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero)), create: true))
            {
                await app.GenerateDemoAsync(new DemoOptions(To: new DateOnly(2024, 5, 31), Years: 2));
                var leader = await app.ActorAsync("leder-7777");
                var documented = await DocumentedCase(path);
                var docs = await app.CaseDocumentationAsync(leader, documented);
                var author = docs.Notes[0].Current.AuthorId;
                var user = await app.ActorAsync(author); // a stored user, or this throws
                Assert.Equal(author, user.UserId);
            }
            using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
            db.Open();
            Assert.Empty(Column(db, """
                SELECT author FROM journal_note_versions UNION SELECT author FROM participation_records UNION SELECT author FROM assessments
                UNION SELECT author FROM decision_document_versions UNION SELECT recorded_by FROM case_persons
                EXCEPT SELECT id FROM users
                """));
            Assert.True(Column(db, "SELECT note_id FROM journal_note_versions").Count > 40);
            var names = Column(db, "SELECT name FROM users WHERE id IN (SELECT author FROM journal_note_versions) ORDER BY id");
            Assert.True(names.Count > 1, "the notes are written by more than one caseworker");
            Assert.All(names, n => Assert.StartsWith("Demo ", n, StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static List<string> Column(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
            list.Add(r.GetString(0));
        return list;
    }

    private static async Task<Vern.Domain.Cases.CaseId> DocumentedCase(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT case_id FROM journal_notes n JOIN journal_note_versions v ON v.note_id = n.note_id WHERE v.author <> 'sb-7777-01' LIMIT 1";
        return Vern.Domain.Cases.CaseId.Parse((string)cmd.ExecuteScalar()!);
    }
}
