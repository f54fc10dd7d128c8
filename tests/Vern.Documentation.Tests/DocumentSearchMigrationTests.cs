using Microsoft.Data.Sqlite;
using Vern.Domain.Cases;
using Vern.Storage.Documentation;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;
using Vern.Tests;

namespace Vern.Documentation.Tests;

/// <summary>Migration 25 (issue 22) indexes the participation records, assessments and decision documents stored before it, on
/// both engines: after the migration they are found by search, a decision document by its current version's text only.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class DocumentSearchMigrationTests
{
    private static readonly CaseId Case = new(Guid.Parse("3f0a8a4e-2b1c-4d5e-8f90-1a2b3c4d5e6f"));
    private static readonly Guid Participation = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid AssessmentId = Guid.Parse("22222222-3333-4444-5555-666666666666");
    private static readonly Guid Document = Guid.Parse("33333333-4444-5555-6666-777777777777");
    private static readonly Guid Decision = Guid.Parse("44444444-5555-6666-7777-888888888888");

    /// <summary>Rows as a Vern at schema 24 stored them (no search rows for them).</summary>
    private static readonly string[] Rows =
    [
        $"""
        INSERT INTO participation_records(id, case_id, municipality, on_date, heard_by, place, child_views, weight, author, recorded_at)
        VALUES ('{Participation}', '{Case}', '4601', '2024-05-03', 'Siri', 'skolen', 'Jeg savner hunden min.', 'Stor vekt.', 'sb-a', '2024-05-03T10:00:00.0000000+00:00')
        """,
        $"""
        INSERT INTO assessments(id, case_id, municipality, on_date, best_interests, alternatives, least_intrusive, author, recorded_at)
        VALUES ('{AssessmentId}', '{Case}', '4601', '2024-05-04', 'Ro hjemme.', '[["Fosterhjem","For inngripende nå."]]', 'Veiledning.', 'sb-a', '2024-05-04T10:00:00.0000000+00:00')
        """,
        $"""
        INSERT INTO decision_document_versions(document_id, version, case_id, municipality, decision_id, status, template, legal_basis, facts, assessment, child_views, conclusion, author, recorded_at)
        VALUES ('{Document}', 1, '{Case}', '4601', '{Decision}', 'draft', 'barnevernstjenesten-vedtak', 'Barnevernsloven § 3-1.', 'Gammel tekst om kaos.', 'Vurdert.', 'Vil bo hjemme.', 'Hjelpetiltak.', 'sb-a', '2024-05-05T10:00:00.0000000+00:00')
        """,
        $"""
        INSERT INTO decision_document_versions(document_id, version, case_id, municipality, decision_id, status, template, legal_basis, facts, assessment, child_views, conclusion, author, recorded_at)
        VALUES ('{Document}', 2, '{Case}', '4601', '{Decision}', 'finalised', 'barnevernstjenesten-vedtak', 'Barnevernsloven § 3-1.', 'Ny tekst om rutiner.', 'Vurdert.', 'Vil bo hjemme.', 'Hjelpetiltak.', 'sb-a', '2024-05-06T10:00:00.0000000+00:00')
        """,
    ];

    private static async Task AssertIndexed(IDocumentationStore store)
    {
        Assert.Equal([(DocumentKind.Participation, Participation)], (await store.SearchDocumentsAsync("4601", "hunden", null, 50)).Select(h => (h.Kind, h.Id)));
        Assert.Equal([(DocumentKind.Assessment, AssessmentId)], (await store.SearchDocumentsAsync("4601", "fosterhjem", null, 50)).Select(h => (h.Kind, h.Id)));
        var decision = Assert.Single(await store.SearchDocumentsAsync("4601", "rutiner", new HashSet<CaseId> { Case }, 50));
        Assert.Equal((DocumentKind.DecisionDocument, Document, new EntryId(Decision)), (decision.Kind, decision.Id, decision.DecisionId));
        Assert.Empty(await store.SearchDocumentsAsync("4601", "kaos", null, 50)); // the first version's text is not the document's
        Assert.Empty(await store.SearchDocumentsAsync("4602", "hunden", null, 50));
    }

    [Fact]
    public async Task Sqlite_RowsStoredBeforeMigration25_AreFoundAfterIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "vern-docsearch-migration-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                c.Open();
                SqliteMigrations.Run(c, upTo: 24);
                foreach (var sql in Rows)
                {
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = sql;
                    cmd.ExecuteNonQuery();
                }
                SqliteMigrations.Run(c, upTo: SqliteMigrations.Latest); // 25 and every later step
            }
            using var store = SqliteDocumentationStore.Open(path, create: false);
            await AssertIndexed(store);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                File.Delete(f);
        }
    }

    [SkippableFact]
    public async Task Postgres_RowsStoredBeforeMigration25_AreFoundAfterIt()
    {
        using var pg = new PostgresTestSchema();
        await pg.AtVersionAsync(24, Rows);
        using var db = await PostgresDatabase.OpenAsync(pg.ConnectionString, create: false);
        await AssertIndexed(db.Documentation);
    }
}
