using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage.Intake;

namespace Vern.Intake.Tests;

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A real SQLite Vern database in its own folder: an administrator, a leader and a caseworker in 4601, a leader in
/// 4602, and a system token for the sender "meldeportal" delivering to 4601.</summary>
internal sealed class IntakeFixture : IDisposable
{
    public const string Municipality = "4601";

    public IntakeFixture(DateTimeOffset? now = null)
    {
        Dir = Path.Combine(Path.GetTempPath(), "vern-intake-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        DbPath = Path.Combine(Dir, "vern.db");
        Clock = new FixedClock(now ?? new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        App = VernApp.OpenSqlite(DbPath, TestReference.CodeLists.Value, Clock, create: true);
    }

    public string Dir { get; }

    public string DbPath { get; }

    public FixedClock Clock { get; }

    public VernApp App { get; }

    public SenderSystem Sender { get; private set; } = null!;

    public string SenderSecret { get; private set; } = "";

    public async Task<IntakeFixture> SeedAsync()
    {
        var root = Actor.From(await App.AddUserAsync(null, "admin", "Admin", Role.Administrator, null));
        await App.AddUserAsync(root, "leder", "Leder", Role.Leader, Municipality);
        await App.AddUserAsync(root, "sb", "Saksbehandler", Role.Caseworker, Municipality);
        await App.AddUserAsync(root, "leder-x", "Leder X", Role.Leader, "4602");
        await App.AddUserAsync(root, "admin-a", "Admin A", Role.Administrator, Municipality);
        var token = await App.CreateAccessTokenAsync(root, AccessTokenKind.System, "meldeportal", null, Municipality);
        SenderSecret = token.Secret;
        Sender = (await App.AuthenticateTokenAsync(token.Secret))!.System!;
        return this;
    }

    public Task<Actor> As(string user) => App.ActorAsync(user);

    /// <summary>A report as a sender sends it (JSON), with the fields a test leaves out set to null.</summary>
    public static string Report(string messageId, string municipality = Municipality, bool child = true, bool description = true, string kind = "national-form",
        string? identifier = null) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            messageId,
            senderKind = kind,
            municipalityNumber = municipality,
            child = child ? new { identifier, givenName = "Nora", familyName = "Hansen", birthDate = "2015-03-02", sex = "female" } : null,
            description = description ? "Barnet kommer ofte sulten på skolen og sier at ingen er hjemme om kvelden." : null,
            reporter = new { name = "Kari Lærer", role = "lærer", anonymous = true },
            receivedAt = "2025-03-03T08:55:00Z",
        });

    public long Count(string sql)
    {
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    public void Dispose()
    {
        App.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Runs the real <c>vern</c> program (vern.dll next to the tests).</summary>
internal static class VernProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "vern.dll");

    public static ProcessStartInfo StartInfo(string db, string? user, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["VERN_DB"] = db;
        if (user is not null)
            psi.Environment["VERN_USER"] = user;
        psi.Environment["COLUMNS"] = "250";
        return psi;
    }

    public static (int Exit, string Out, string Err) Run(string db, string? user, params string[] args)
    {
        using var p = Process.Start(StartInfo(db, user, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"vern {string.Join(' ', args)} did not finish in 90 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
