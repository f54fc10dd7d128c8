using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vern.Storage.Postgres;
using Vern.Storage.Sqlite;

namespace Vern.Storage;

/// <summary><c>vern backup</c> and <c>vern restore</c> (issue 17), while users work. SQLite: the online backup API copies
/// a consistent image page by page (writers wait only for the short steps; the copy is one transaction's view). PostgreSQL:
/// <c>pg_dump --format=custom</c>, which reads one snapshot (REPEATABLE READ) without blocking writers; <c>pg_restore</c>
/// into an empty database in a single transaction.</summary>
public static class VernBackup
{
    /// <summary>Writes a backup of <paramref name="db"/> to <paramref name="outFile"/> (which must not exist). Returns the engine.</summary>
    public static async Task<Engine> BackupAsync(string db, string outFile, CancellationToken ct = default)
    {
        if (File.Exists(outFile))
            throw new IOException($"--out {outFile} finnes allerede; Vern skriver ikke over en sikkerhetskopi.");
        var dir = Path.GetDirectoryName(Path.GetFullPath(outFile));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var temp = outFile + ".part";
        File.Delete(temp);
        try
        {
            if (VernDatabase.EngineOf(db) == Engine.Postgres)
            {
                await RunAsync("pg_dump", db, ["--format=custom", "--no-owner", "--file", temp], ct);
            }
            else
            {
                var path = VernDatabase.SqlitePath(db);
                if (!File.Exists(path))
                    throw new FileNotFoundException($"Databasen {path} finnes ikke.", path);
                using var source = SqliteMigrations.Open(path, create: false);
                using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString());
                target.Open();
                source.BackupDatabase(target);
                using var cmd = target.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=DELETE";
                cmd.ExecuteNonQuery();
                cmd.CommandText = "PRAGMA integrity_check";
                if (cmd.ExecuteScalar() as string != "ok")
                    throw new InvalidDataException($"Sikkerhetskopien {outFile} bestod ikke integrity_check.");
            }
            using (var f = new FileStream(temp, FileMode.Open, FileAccess.Read))
                f.Flush(flushToDisk: true);
            File.Move(temp, outFile);
        }
        finally
        {
            File.Delete(temp);
        }
        return VernDatabase.EngineOf(db);
    }

    /// <summary>The engine a backup file was made by: a SQLite file, or a pg_dump custom archive.</summary>
    public static Engine EngineOfFile(string file)
    {
        var head = new byte[16];
        using (var f = File.OpenRead(file))
            _ = f.Read(head, 0, head.Length);
        if (System.Text.Encoding.ASCII.GetString(head).StartsWith("SQLite format 3", StringComparison.Ordinal))
            return Engine.Sqlite;
        if (System.Text.Encoding.ASCII.GetString(head, 0, 5) == "PGDMP")
            return Engine.Postgres;
        throw new InvalidDataException($"{file} er verken en SQLite-database eller et pg_dump-arkiv.");
    }

    /// <summary>Restores <paramref name="fromFile"/> into <paramref name="db"/>, which must be new (SQLite: no file; PostgreSQL:
    /// no Vern tables). A backup of one engine restores into the same engine; to change engine, use «vern migrate».</summary>
    public static async Task RestoreAsync(string fromFile, string db, CancellationToken ct = default)
    {
        if (!File.Exists(fromFile))
            throw new FileNotFoundException($"--from {fromFile} finnes ikke.", fromFile);
        var engine = EngineOfFile(fromFile);
        if (engine != VernDatabase.EngineOf(db))
            throw new ArgumentException($"{fromFile} er en {(engine == Engine.Sqlite ? "SQLite" : "PostgreSQL")}-kopi, men --db er {(engine == Engine.Sqlite ? "PostgreSQL" : "SQLite")}. Gjenopprett til samme motor, og flytt med «vern migrate».");
        if (engine == Engine.Postgres)
        {
            await using (var source = PostgresConnection.CreateDataSource(db))
            await using (var c = await source.OpenConnectionAsync(ct))
            {
                if (await PostgresMigrations.CurrentVersionAsync(c, null, ct) > 0)
                    throw new ArgumentException($"--db {PostgresConnection.Redact(db)} har allerede Vern-tabeller; gjenopprett bare til en tom database.");
            }
            await RunAsync("pg_restore", db, ["--no-owner", "--exit-on-error", "--single-transaction", fromFile], ct);
            return;
        }
        var path = VernDatabase.SqlitePath(db);
        if (File.Exists(path))
            throw new IOException($"--db {path} finnes allerede; gjenopprett til en ny fil (Vern skriver ikke over en database).");
        var temp = path + ".restoring";
        File.Delete(temp);
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fromFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
        }
        File.Move(temp, path);
        SqliteMigrations.Open(path, create: false, upgrade: true).Dispose(); // WAL and synchronous=FULL again; a newer schema is refused, an older one brought forward (restore makes a new database)
    }

    /// <summary>Runs pg_dump or pg_restore against <paramref name="db"/>: the connection as a libpq conninfo, the password
    /// in PGPASSWORD (never on the command line). The newest installed client is used (it must not be older than the server).</summary>
    private static async Task RunAsync(string tool, string db, IReadOnlyList<string> args, CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString(db));
        var hosts = (b.Host ?? "localhost").Split(',');
        var conninfo = new List<string>
        {
            "host=" + string.Join(',', hosts.Select(h => h.Contains(':', StringComparison.Ordinal) ? h[..h.LastIndexOf(':')] : h)),
            "port=" + string.Join(',', hosts.Select(h => h.Contains(':', StringComparison.Ordinal) ? h[(h.LastIndexOf(':') + 1)..] : b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "dbname=" + Quote(b.Database ?? b.Username ?? "postgres"),
        };
        if (b.Username is { } user) conninfo.Add("user=" + Quote(user));
        if (b.TargetSessionAttributes is { Length: > 0 } attrs) conninfo.Add("target_session_attrs=" + attrs);
        var psi = new ProcessStartInfo(Tool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(tool == "pg_dump" ? "--dbname=" + string.Join(' ', conninfo) : "--dbname=" + string.Join(' ', conninfo));
        if (b.SearchPath is { Length: > 0 } schema && tool == "pg_dump")
            psi.ArgumentList.Add("--schema=" + schema);
        if (b.Password is { } password) psi.Environment["PGPASSWORD"] = password;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Kunne ikke starte {tool}.");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new IOException($"{tool} feilet (kode {p.ExitCode}): {(await stderr).Trim()}");
    }

    private static string Quote(string v) => "'" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>The newest pg_dump/pg_restore of Debian's postgresql-client-N, else the one on PATH.</summary>
    private static string Tool(string name)
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var best = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin", name))
                .FirstOrDefault(File.Exists);
            if (best is not null) return best;
        }
        return name;
    }
}
