using System.Diagnostics;

namespace Vern.Cli.Tests;

/// <summary>Runs the real <c>vern</c> program (vern.dll next to the tests) in its own process.</summary>
internal static class VernProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "vern.dll");

    public static ProcessStartInfo StartInfo(string db, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["VERN_DB"] = db;
        psi.Environment["VERN_USER"] = "cli-test";
        psi.Environment["COLUMNS"] = "200";
        return psi;
    }

    public static (int Exit, string Out, string Err) Run(string db, params string[] args)
    {
        using var p = Process.Start(StartInfo(db, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hung process, not a speed bound: CI's two cores also run the other test projects.
        if (!p.WaitForExit(180_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"vern {string.Join(' ', args)} did not finish in 180 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Sets a database up the way an operator does (issue 15: Vern acts only as stored users): <c>vern init</c>, the
    /// first user (an administrator, which needs no --as), and the user the tests act as (VERN_USER=cli-test) as leader
    /// (leder) of <paramref name="municipality"/>. On a database made by <c>vern demo</c>, pass its administrator as
    /// <paramref name="admin"/> (e.g. admin-7777) and only cli-test is added.</summary>
    public static void Prepare(string db, string municipality = "4601", string? admin = null)
    {
        if (admin is null)
        {
            Must(db, "init");
            Must(db, "user", "add", "--id", "admin", "--name", "Test Administrator", "--role", "administrator");
            admin = "admin";
        }
        Must(db, "user", "add", "--as", admin, "--id", "cli-test", "--name", "CLI Test", "--role", "leader", "--municipality", municipality);
    }

    /// <summary>Events stored in the database (read with plain SQL, not through Vern).</summary>
    public static long StoredEvents(string db)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM events";
        return (long)cmd.ExecuteScalar()!;
    }

    private static void Must(string db, params string[] args)
    {
        var (exit, stdout, stderr) = Run(db, args);
        if (exit != 0)
            throw new InvalidOperationException($"set-up: vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
    }
}

/// <summary>A CLI test with its own temporary folder and database file, removed afterwards.</summary>
public abstract class CliTest : IDisposable
{
    protected CliTest()
    {
        Dir = Path.Combine(Path.GetTempPath(), "vern-cli", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Db = Path.Combine(Dir, "vern.db");
    }

    protected string Dir { get; }

    protected string Db { get; }

    /// <summary>Runs vern on <see cref="Db"/> and asserts exit status 0; returns standard output.</summary>
    protected string Ok(params string[] args)
    {
        var (exit, stdout, stderr) = VernProcess.Run(Db, args);
        Assert.True(exit == 0, $"vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
        return stdout;
    }

    /// <summary>Sets <see cref="Db"/> (or <paramref name="db"/>) up with the users the tests act as; see <see cref="VernProcess.Prepare"/>.</summary>
    protected void Prepare(string? db = null, string municipality = "4601") => VernProcess.Prepare(db ?? Db, municipality);

    protected static string LastLine(string text) => text.Trim().Split('\n')[^1].Trim();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
