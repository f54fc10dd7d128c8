using System.Diagnostics;
using Vern.Domain.Cases;
using Vern.Storage;
using Xunit.Abstractions;

namespace Vern.Cli.Tests;

/// <summary>One Vern database for a CLI test on either engine: a SQLite file in a temporary folder, or a fresh PostgreSQL
/// database (skipped without a server, failed with VERN_REQUIRE_POSTGRES=1).</summary>
internal sealed class EngineDb : IDisposable
{
    private readonly PostgresTestDatabase? _pg;

    public EngineDb(string engine, string dir, string name = "vern")
    {
        Engine = engine;
        if (engine == "postgres")
        {
            _pg = new PostgresTestDatabase();
            Db = _pg.ConnectionString;
        }
        else
        {
            Db = Path.Combine(dir, name + ".db");
        }
    }

    public string Engine { get; }

    /// <summary>The --db / VERN_DB argument.</summary>
    public string Db { get; }

    public VernDatabase Open() => VernDatabase.Open(Db);

    /// <summary>One number from the PostgreSQL database (PostgreSQL only).</summary>
    public long Scalar(string sql) => (_pg ?? throw new InvalidOperationException("Scalar reads a PostgreSQL test database")).Scalar(sql);

    public void Dispose() => _pg?.Dispose();
}

/// <summary>Backup, restore, migrate and the demo on both engines (issue 17), through the real <c>vern</c> program.</summary>
[Collection(PostgresTestSchema.Collection)]
public sealed class EngineCliTests(ITestOutputHelper output) : CliTest
{
    private static (int Exit, string Out, string Err) Vern(string db, params string[] args) => VernProcess.Run(db, args);

    private static string Ok(string db, params string[] args)
    {
        var (exit, stdout, stderr) = VernProcess.Run(db, args);
        Assert.True(exit == 0, $"vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
        return stdout;
    }

    [SkippableFact]
    public void Demo_OnPostgres_Verifies_AndTheDeadlinesAndWorklistRun()
    {
        using var pg = new EngineDb("postgres", Dir);
        Ok(pg.Db, "demo");
        Assert.Contains("ingen avvik", Ok(pg.Db, "verify", "--as", "leder-7777"));
        Assert.Contains("åpne oppgaver", Ok(pg.Db, "deadlines", "--as", "leder-7777"));
        Ok(pg.Db, "worklist", "--as", "leder-7777");
        // the features of migrations 6–11 run on PostgreSQL too: the demo's referrals are there
        Assert.DoesNotContain("\n0 henvisninger", "\n" + Ok(pg.Db, "referral", "list", "--as", "leder-7777"));
    }

    /// <summary>A backup taken while a writer keeps committing holds every case acknowledged before it started; restored into
    /// a new database of the same engine, <c>vern verify</c> passes.</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Backup_WhileAWriterWorks_RestoresEveryCaseAcknowledgedBeforeIt(string engine)
    {
        using var source = new EngineDb(engine, Dir, "source");
        using var target = new EngineDb(engine, Dir, "target");
        VernProcess.Prepare(source.Db);
        var before = new List<string>();
        var backup = Path.Combine(Dir, "backup.bin");
        using (var writer = Process.Start(VernProcess.StartInfo(source.Db, "bench", "append", "--count", "100000"))!)
        {
            while (before.Count < 40 && writer.StandardOutput.ReadLine() is { } line)
                before.Add(line.Trim());
            Assert.Contains("Sikkerhetskopi", Ok(source.Db, "backup", "--out", backup)); // the writer keeps going meanwhile
            for (var i = 0; i < 20 && writer.StandardOutput.ReadLine() is { }; i++) { }
            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();
        }
        Assert.Contains("ingen avvik", Ok(target.Db, "restore", "--from", backup));
        using var restored = target.Open();
        foreach (var id in before)
            Assert.NotNull(restored.Events.LoadStateAsync(CaseId.Parse(id)).GetAwaiter().GetResult());
        Assert.Equal(0, Vern(target.Db, "verify").Exit);
        // A restore never overwrites: the same target again is refused, and stays as it was.
        var again = Vern(target.Db, "restore", "--from", backup);
        Assert.NotEqual(0, again.Exit);
        Assert.Contains("gjenopprett", again.Err, StringComparison.OrdinalIgnoreCase);
        output.WriteLine($"{engine}: {before.Count} cases acknowledged before the backup, all restored");
    }

    /// <summary>A SQLite database moved to PostgreSQL: every table's rows, the same chain digest, and the target verifies. The
    /// source holds what PostgreSQL has tables for (schema steps 1–5: users, cases and events, the access log); the features
    /// of steps 6–11 have SQLite tables only so far (see the next test).</summary>
    [SkippableFact]
    public void Migrate_SqliteToPostgres_MovesEverything_AndVerifyPassesOnTheTarget()
    {
        using var pg = new EngineDb("postgres", Dir);
        var sqlite = Path.Combine(Dir, "source.db");
        VernProcess.Prepare(sqlite);
        using (var writer = Process.Start(VernProcess.StartInfo(sqlite, "bench", "append", "--count", "150"))!)
        {
            writer.StandardOutput.ReadToEnd();
            writer.WaitForExit();
            Assert.Equal(0, writer.ExitCode);
        }
        var digest = LastLine(Ok(sqlite, "verify"));
        var moved = Ok(sqlite, "migrate", "--from", "sqlite:" + sqlite, "--to", pg.Db);
        Assert.Contains("samme sammendrag som kilden", moved);
        using (var from = VernDatabase.Open(sqlite))
        using (var to = VernDatabase.Open(pg.Db))
        {
            Assert.Equal(150, from.Events.CountEventsAsync().GetAwaiter().GetResult());
            Assert.Equal(from.Events.CountEventsAsync().GetAwaiter().GetResult(), to.Events.CountEventsAsync().GetAwaiter().GetResult());
            Assert.Equal(from.Users.ListAsync().GetAwaiter().GetResult(), to.Users.ListAsync().GetAwaiter().GetResult());
            Assert.Equal(from.AccessLog.ReadAllAsync().GetAwaiter().GetResult().Count, to.AccessLog.ReadAllAsync().GetAwaiter().GetResult().Count);
        }
        // verify on the target after the counts: its run is logged there (issue 15)
        Assert.Equal(digest, LastLine(Ok(pg.Db, "verify")));
        // the users work on the target as they did on the source, and new rows continue after the moved positions
        Ok(pg.Db, "deadlines", "--as", "cli-test");
        // moving into a database that already has events is refused
        var again = Vern(sqlite, "migrate", "--from", "sqlite:" + sqlite, "--to", pg.Db);
        Assert.NotEqual(0, again.Exit);
        Assert.Contains("tom database", again.Err);
    }

    /// <summary>The demo moves whole (issue 17): every table of every feature (intake, referrals and Fiks messages, facilities,
    /// persons on cases, match decisions, the documentation …) arrives with the same number of rows, the chain digest is the
    /// source's, <c>vern verify</c> passes on the target, and the features run there (the duplicate index, which is derived, is
    /// rebuilt by its first use).</summary>
    [SkippableFact]
    public void Migrate_TheDemo_MovesWhole_EveryTableArrives_AndVerifyPassesOnTheTarget()
    {
        using var pg = new EngineDb("postgres", Dir);
        var sqlite = Path.Combine(Dir, "demo.db");
        Ok(sqlite, "demo");
        // verify acts as a stored user with its own policy row (issue 15); the demo's leader may run it
        var digest = LastLine(Ok(sqlite, "verify", "--as", "leder-7777"));
        // Statistics fill their projection (derived, migration 22): the move leaves it to be rebuilt on the target, and gives
        // the same figures there.
        var indicators = Ok(sqlite, "stats", "indicators", "--as", "leder-7777", "--format", "csv");
        Assert.True(SqliteCount(sqlite, "statistics_facts") > 0);
        // Stored invoices (migration 14) move too, amounts, lines and instants as stored: an invoice and its credit note.
        // (The demo stores none of its own: its stays in 7777 fall outside 2021–2023, the years with a rate table.)
        var line = new global::Vern.Domain.Finance.IssuedInvoiceLine("henvisning:x", "institution", new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 30), 30, 30, "ordinary", 175_000m, 175_000m, 252);
        var invoice = new global::Vern.Domain.Finance.IssuedInvoice("7777-2023-04-1", "7777", 2023, 4, global::Vern.Domain.Finance.IssuedInvoiceKind.Invoice, null, 175_000m, [line],
            "bufetat:Øst", "bufetat-ost", new DateTimeOffset(2024, 1, 2, 8, 30, 0, TimeSpan.Zero));
        using (var invoices = global::Vern.Storage.Finance.SqliteInvoiceStore.Open(sqlite, create: false))
            invoices.AppendAsync([invoice, invoice with { Number = "7777-2023-04-2", Kind = global::Vern.Domain.Finance.IssuedInvoiceKind.CreditNote, Credits = invoice.Number, Total = -175_000m }])
                .GetAwaiter().GetResult();
        // A delivery with who exported it and how (migration 35) moves as recorded.
        Ok(sqlite, "export", "register", "--municipality", "7777", "--out", Path.Combine(Dir, "levering.zip"), "--as", "leder-7777");
        var moved = Ok(sqlite, "migrate", "--from", "sqlite:" + sqlite, "--to", pg.Db);
        Assert.Contains("samme sammendrag som kilden", moved);
        Assert.Equal(1, pg.Scalar("SELECT count(*) FROM register_delivery_runs WHERE exported_by = 'leder-7777' AND exported_how = 'cli-zip'"));
        var tables = SqliteTables(sqlite).Where(t => !Derived.Contains(t)).ToList();
        foreach (var table in new[] { "events", "access_log", "users", "journal_note_versions", "state_referrals", "state_referral_events", "state_outbox",
                     "state_facilities", "case_persons", "intake_reports", "finance_invoices" })
            Assert.Contains(table, tables);
        var counts = tables.Select(t => (Table: t, Sqlite: SqliteCount(sqlite, t), Postgres: pg.Scalar($"SELECT count(*) FROM {t}"))).ToList();
        foreach (var c in counts)
            output.WriteLine($"{c.Table}: {c.Sqlite} → {c.Postgres}");
        Assert.All(counts, c => Assert.True(c.Sqlite == c.Postgres, $"{c.Table}: {c.Sqlite} rows in SQLite, {c.Postgres} in PostgreSQL"));
        Assert.True(counts.Single(c => c.Table == "state_referrals").Postgres > 0);
        Assert.True(counts.Single(c => c.Table == "case_persons").Postgres > 0);
        using (var source = Npgsql.NpgsqlDataSource.Create(pg.Db))
        {
            var there = new global::Vern.Storage.Postgres.Features.PostgresInvoiceStore(source).ListAsync("7777", 2023, 4).GetAwaiter().GetResult();
            Assert.Equal([(invoice.Number, 175_000m, (string?)null), ("7777-2023-04-2", -175_000m, invoice.Number)], there.Select(d => (d.Number, d.Total, d.Credits)));
            Assert.Equal(invoice.IssuedAt, there[0].IssuedAt);
            Assert.Equal(line, Assert.Single(there[0].Lines));
        }
        // verify on the target after the counts: its run is logged there
        Assert.Equal(digest, LastLine(Ok(pg.Db, "verify", "--as", "leder-7777")));
        // the features run on the target with the moved rows
        Assert.Contains($"{counts.Single(c => c.Table == "state_referrals").Sqlite} henvisninger", Ok(pg.Db, "referral", "list", "--as", "leder-7777"));
        Assert.Contains("åpne oppgaver", Ok(pg.Db, "deadlines", "--as", "leder-7777"));
        Ok(pg.Db, "intake", "inbox", "--as", "leder-7777");
        Assert.Equal(indicators, Ok(pg.Db, "stats", "indicators", "--as", "leder-7777", "--format", "csv"));
    }

    /// <summary>A trigger refusal (issue 17, «the same refusal on both engines»): an UPDATE of the event log by another program,
    /// raised by either driver, is described by the CLI as the same refusal with the same exit code (3, docs/cli.md) and the
    /// same message; so is Vern's own <see cref="StoreRefusedException"/>.</summary>
    [SkippableFact]
    public void ATriggerRefusal_IsExit3_WithTheSameMessage_OnBothEngines()
    {
        var described = new List<(int Code, string Message)?>();
        foreach (var engine in new[] { "sqlite", "postgres" })
        {
            using var db = new EngineDb(engine, Dir, "refusal-" + engine);
            VernProcess.Prepare(db.Db);
            Ok(db.Db, "case", "open", "--municipality", "4601", "--journal", "2024/17", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female");
            System.Data.Common.DbConnection plain = engine == "postgres"
                ? new Npgsql.NpgsqlConnection(db.Db)
                : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Db};Pooling=False");
            using (plain)
            {
                plain.Open();
                using var cmd = plain.CreateCommand();
                cmd.CommandText = "UPDATE events SET hash = 'x'";
                var raw = Assert.ThrowsAny<System.Data.Common.DbException>(() => cmd.ExecuteNonQuery());
                described.Add(Cli.Describe(raw, db.Db));
            }
        }
        Assert.All(described, d => Assert.Equal(Cli.ExitCodes.Conflict, d?.Code));
        Assert.Equal(described[0]!.Value.Message, described[1]!.Value.Message);
        Assert.Contains("events are append-only", described[0]!.Value.Message, StringComparison.Ordinal);
        Assert.Equal((Cli.ExitCodes.Conflict, "x"), Cli.Describe(new StoreRefusedException("x", "rule"), null));
    }

    /// <summary>A source with rows in a table PostgreSQL has no table for (a later feature, or a table made by hand) would lose
    /// them: the move is refused naming the table, and nothing reaches the target, not even the schema.</summary>
    [SkippableFact]
    public void Migrate_ASourceWithRowsInATablePostgresLacks_IsRefusedNamingIt_AndNothingMoves()
    {
        using var pg = new EngineDb("postgres", Dir);
        var sqlite = Path.Combine(Dir, "source.db");
        VernProcess.Prepare(sqlite);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlite};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE future_feature (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO future_feature(note) VALUES ('kun i SQLite');";
            cmd.ExecuteNonQuery();
        }
        var refused = Vern(sqlite, "migrate", "--from", "sqlite:" + sqlite, "--to", pg.Db);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("future_feature", refused.Err);
        Assert.Contains("ingenting ble flyttet", refused.Err);
        var untouched = Assert.Throws<FileNotFoundException>(() => VernDatabase.Open(pg.Db).Dispose());
        Assert.Contains("ingen Vern-tabeller", untouched.Message);
    }

    /// <summary>Tables a move rebuilds rather than copies (search index, deadline and duplicate indexes) and SQLite's own.</summary>
    private static readonly HashSet<string> Derived = ["deadline_facts", "deadline_packs", "deadline_meta", "child_index", "child_index_keys", "child_index_mark",
        "statistics_facts", "statistics_meta", "meta", "schema_migrations", "sqlite_sequence"];

    private static List<string> SqliteTables(string path)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'journal_note_search%' AND name NOT LIKE 'document_search%' ORDER BY name";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
            list.Add(r.GetString(0));
        return list;
    }

    private static long SqliteCount(string path, string table)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)cmd.ExecuteScalar()!;
    }
}
