using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Vern.Cli.Tests;

/// <summary>Issue 13 §2, «Read-only commands write»: how the real program opens a database it cannot or must not change — a
/// read-only file, a file another writer has locked, another program's SQLite file. Each ends in one line on standard
/// error starting «vern:», the exit code docs/cli.md documents for it (6: the database could not be used), no stack
/// trace, and nothing changed in the file.
/// Every read of a case is logged in the access log (issue 15; personopplysningsloven / GDPR art. 32 and the Norm for
/// informasjonssikkerhet ask for a log of who read what). A read that cannot be logged is therefore refused, not served
/// unlogged: that is the behaviour asserted here for a read-only and for a locked database.</summary>
public sealed class StoreOpeningCliTests : CliTest
{
    private string OpenCase()
    {
        Prepare();
        var id = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/1", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        Ok("case", "record", "report", "--case", id, "--on", "2024-01-10", "--reporter", "11", "--content", "8");
        return id;
    }

    /// <summary>Runs vern expecting a failure; asserts the exit code, one «vern:» line on stderr and no stack trace.</summary>
    private static string Fails(int code, string db, params string[] args)
    {
        var (exit, stdout, stderr) = VernProcess.Run(db, args);
        Assert.True(exit == code, $"vern {string.Join(' ', args)} exited {exit}, expected {code}: {stdout}{stderr}");
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stdout + stderr, StringComparison.Ordinal);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines, l => l.StartsWith("vern: ", StringComparison.Ordinal));
    }

    private static string Sha(string path) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Every file of the database (main, WAL, shared memory) with its hash and modification time.</summary>
    private static string Fingerprint(string db) => string.Join("\n",
        new[] { db, db + "-wal", db + "-shm" }.Select(f => File.Exists(f) ? $"{f} {Sha(f)} {File.GetLastWriteTimeUtc(f):O}" : $"{f} absent"));

    private static long Count(string db, string table)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void AForeignSqliteFile_WithItsOwnEventsTable_IsRefusedByName_AndLeftByteForByte()
    {
        // Another program's database: its own «events» table, rollback journal (not WAL), nothing of Vern's.
        var other = Path.Combine(Dir, "calendar.db");
        using (var c = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT NOT NULL, at TEXT NOT NULL); INSERT INTO events(title, at) VALUES ('dentist', '2026-12-04');";
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        var before = Fingerprint(other);

        foreach (var args in new[] { new[] { "case", "list" }, ["init"], ["case", "open", "--municipality", "4601", "--journal", "J", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"] })
        {
            var line = Fails(6, other, args);
            Assert.Contains(other, line, StringComparison.Ordinal);
            Assert.Contains("er ikke en Vern-database", line, StringComparison.Ordinal);
        }

        Assert.Equal(before, Fingerprint(other)); // no WAL switch (header bytes 18–19), no file beside it
        using var check = new SqliteConnection($"Data Source={other};Pooling=False;Mode=ReadOnly");
        check.Open();
        using var q = check.CreateCommand();
        q.CommandText = "SELECT group_concat(type || ':' || name, ',') FROM sqlite_master";
        Assert.Equal("table:events", q.ExecuteScalar()); // no Vern tables, no triggers on its events table
        q.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", q.ExecuteScalar());
    }

    [Fact]
    public void ALockedDatabase_CaseListEndsInOneLine_WithinABoundedTime_AndNothingChanged()
    {
        var id = OpenCase();
        var events = Count(Db, "events");
        var reads = Count(Db, "access_log");

        // Another writer holds the write lock longer than Vern's busy timeout (10 s), as a long import would.
        using var writer = new SqliteConnection($"Data Source={Db};Pooling=False");
        writer.Open();
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO settings(key, value, changed_at, changed_by) VALUES ('open13.lock', 'held', '2026-12-03', 'test');";
            begin.ExecuteNonQuery();
        }
        var clock = Stopwatch.StartNew();
        var line = Fails(6, Db, "case", "list");
        clock.Stop();
        Assert.Contains("er låst av en annen skriver; ingenting ble lagret", line, StringComparison.Ordinal);
        // Vern waits out its busy timeout (10 s) once, not the driver's 30 s retry on top of it (≥ 40 s). The bound leaves
        // room for the process's own start on a busy CI machine (20.6 s was seen at a load average of 40).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(35), $"case list waited {clock.Elapsed} on a locked database");
        Assert.Contains("er låst av en annen skriver", Fails(6, Db, "case", "show", id), StringComparison.Ordinal);
        using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.Equal(events, Count(Db, "events"));
        Assert.Equal(reads, Count(Db, "access_log")); // the refused reads left no half-written log row
        Assert.Contains("2024/1", Ok("case", "list"), StringComparison.Ordinal); // and once the lock is gone, it reads again
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AReadOnlyDatabase_ReadsAndWritesEndInOneLine_AndTheFilesAreUnchanged()
    {
        var id = OpenCase();
        var events = Count(Db, "events");
        SqliteConnection.ClearAllPools();
        using var readOnly = ReadOnlyPlace.Make(Dir, Db);
        Skip.If(readOnly.Reason is not null, readOnly.Reason);
        var before = Fingerprint(Db);

        // A read must be logged (issue 15); in a read-only file it cannot be, so it is refused with the documented code, and the
        // message says why (the rule: every read of a child's data goes into the access log).
        var why = Fails(6, Db, "case", "list");
        Assert.Contains("kan bare leses", why, StringComparison.Ordinal);
        Assert.Contains("hver lesning av et barns opplysninger skal føres i tilgangsloggen", why, StringComparison.Ordinal);
        Assert.Contains("kan bare leses", Fails(6, Db, "case", "show", id), StringComparison.Ordinal);
        Assert.Contains("kan bare leses", Fails(6, Db, "case", "record", "assign", "--case", id, "--caseworker", "sb1", "--on", "2024-01-25"), StringComparison.Ordinal);

        Assert.Equal(before, Fingerprint(Db));
        readOnly.Dispose();
        Assert.Equal(events, Count(Db, "events"));
    }

    /// <summary>Issue 13 §2, «create and migrate only on init»: a database made by an older Vern (here the schema of version 17,
    /// before the case's bydel column, made by taking migration 18 back off a real database) is refused by every other command,
    /// the web server included, with one line naming both versions and the command to run, exit 6, and its files unchanged;
    /// <c>vern init</c> on it moves it forward, keeping every event, and the commands then work.</summary>
    [Fact]
    public void AnOlderVernDatabase_IsRefusedByEveryCommandButInit_Unchanged_AndInitUpgradesIt()
    {
        var id = OpenCase();
        var events = Count(Db, "events");
        var latest = Vern.Storage.Sqlite.SqliteMigrations.Latest;
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // Every later step stays applied (each is idempotent: CREATE … IF NOT EXISTS), as a database that skipped only 18 would be.
            cmd.CommandText = "DROP INDEX cases_bydel; DROP INDEX cases_listing; ALTER TABLE cases DROP COLUMN bydel; UPDATE meta SET value = '17' WHERE key = 'schema_version'; DELETE FROM schema_migrations WHERE version >= 18;";
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        var before = Fingerprint(Db);
        foreach (var args in new[] { new[] { "case", "list" }, ["case", "show", id], ["case", "record", "assign", "--case", id, "--caseworker", "sb1", "--on", "2024-01-25"],
            ["user", "list", "--as", "admin"], ["verify"], ["serve", "--urls", "http://127.0.0.1:0"] })
        {
            var line = Fails(6, Db, args);
            Assert.Contains($"har skjemaversjon 17, men denne Vern-versjonen bruker {latest}", line, StringComparison.Ordinal);
            Assert.Contains($"vern init --db {Db}", line, StringComparison.Ordinal);
            Assert.Equal(before, Fingerprint(Db));
        }

        Assert.Contains($"Oppgradert fra skjemaversjon 17 til {latest}", Ok("init"), StringComparison.Ordinal);
        Assert.Equal(events, Count(Db, "events"));
        Assert.Contains("2024/1", Ok("case", "list"), StringComparison.Ordinal);
        Assert.Contains($"skjemaversjon {latest}: databasen er allerede oppdatert", Ok("init"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Makes the database file and its folder read-only: chmod 444 / 555 for an ordinary user; for root, who
    /// ignores permission bits, the immutable attribute (chattr +i, which binds root too). Undone on dispose.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private sealed class ReadOnlyPlace : IDisposable
    {
        private readonly List<Action> _undo = [];

        public string? Reason { get; private set; }

        public static ReadOnlyPlace Make(string dir, string db)
        {
            var place = new ReadOnlyPlace();
            var files = new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists).ToList();
            foreach (var f in files)
            {
                var mode = File.GetUnixFileMode(f);
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                place._undo.Add(() => File.SetUnixFileMode(f, mode));
            }
            var dirMode = File.GetUnixFileMode(dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            place._undo.Add(() => File.SetUnixFileMode(dir, dirMode));
            if (Writable(db))
            {
                // root: permission bits do not bind; the immutable attribute does.
                foreach (var f in files.Append(dir))
                {
                    if (Chattr("+i", f))
                        place._undo.Insert(0, () => Chattr("-i", f));
                }
                if (Writable(db))
                    place.Reason = "running as root where neither chmod nor chattr +i makes the file read-only (no CAP_LINUX_IMMUTABLE, or a file system without the attribute)";
            }
            return place;
        }

        private static bool Writable(string path)
        {
            try
            {
                using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
                return true;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return false;
            }
        }

        private static bool Chattr(string flag, string path)
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, UseShellExecute = false })!;
                p.WaitForExit(10_000);
                return p.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false; // no chattr on this machine
            }
        }

        public void Dispose()
        {
            foreach (var undo in _undo)
                undo();
            _undo.Clear();
        }
    }
}
