using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Vern.Cli.Tests;

/// <summary>Failures a user can cause, through the real program: each ends in one line on standard error starting
/// «vern:», a documented exit code (docs/cli.md) and no stack trace, and changes nothing.</summary>
public sealed class FailureCliTests : CliTest
{
    private string OpenCase()
    {
        Prepare();
        var id = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/1", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        Ok("case", "record", "report", "--case", id, "--on", "2024-01-10", "--reporter", "11", "--content", "8");
        return id;
    }

    /// <summary>Runs vern expecting a failure; asserts the exit code, one «vern:» line on stderr and no stack trace.</summary>
    private string Fails(int code, string db, params string[] args)
    {
        var (exit, stdout, stderr) = VernProcess.Run(db, args);
        Assert.True(exit == code, $"vern {string.Join(' ', args)} exited {exit}, expected {code}: {stdout}{stderr}");
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stdout + stderr, StringComparison.Ordinal);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("vern: ", StringComparison.Ordinal));
        return line;
    }

    private string Events() => Ok("case", "list");

    private static string Sha(string path) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void BadDate_ExitsTwoWithOneLineAndNoHelp()
    {
        var (exit, stdout, stderr) = VernProcess.Run(Db, "case", "open", "--municipality", "4601", "--journal", "J", "--opened", "2024-13-01", "--birth-date", "2015-03-14", "--sex", "Female");
        Assert.Equal(2, exit);
        Assert.Equal("vern: --opened: «2024-13-01» er ikke en dato på formen ÅÅÅÅ-MM-DD.", stderr.Split('\n')[0]);
        Assert.DoesNotContain("Usage", stdout + stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void ApplyEmptyJsonObject_ExitsTwoNamingTheMissingField()
    {
        var id = OpenCase();
        var before = Events();
        var file = Path.Combine(Dir, "c.json");
        File.WriteAllText(file, "{}");
        var line = Fails(2, Db, "case", "record", "apply", "--case", id, "--file", file);
        Assert.Contains("feltet «command»", line, StringComparison.Ordinal);
        File.WriteAllText(file, """{"command":"close-case"}""");
        Assert.Contains("closedOn", Fails(2, Db, "case", "record", "apply", "--case", id, "--file", file), StringComparison.Ordinal);
        Assert.Equal(before, Events());
    }

    [Fact]
    public void DirectoryGivenAsFile_ExitsTwo()
    {
        var id = OpenCase();
        var before = Events();
        Assert.Equal($"vern: Ugyldig inndata: {Dir} er en mappe; oppgi en fil.", Fails(2, Db, "case", "record", "apply", "--case", id, "--file", Dir));
        Assert.Contains("er en mappe", Fails(2, Db, "case", "import", Dir), StringComparison.Ordinal);
        Assert.Contains("er en mappe", Fails(2, Dir, "case", "list"), StringComparison.Ordinal);
        Assert.Equal(before, Events());
    }

    [Fact]
    public void NotASqliteDatabase_ExitsSixAndLeavesTheFile()
    {
        var other = Path.Combine(Dir, "notes.db");
        File.WriteAllText(other, "not a database, but someone's notes\n");
        var sha = Sha(other);
        Assert.Equal($"vern: {other} er ikke en SQLite-database; oppgi en Vern-database med --db.", Fails(6, other, "case", "list"));
        Assert.Equal(sha, Sha(other));
    }

    [Fact]
    public void FullDisk_ExitsFiveAndWritesNothing()
    {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        var id = OpenCase();
        Assert.StartsWith("vern: Kunne ikke lese eller skrive fil: No space left on device", Fails(5, Db, "case", "export", id, "--out", "/dev/full"), StringComparison.Ordinal);
    }

    [Fact]
    public void OutUnderSys_ExitsFiveAndLeavesNoFile()
    {
        var id = OpenCase();
        var line = Fails(5, Db, "case", "export", id, "--out", "/sys/vern-case.json");
        Assert.StartsWith("vern: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists("/sys/vern-case.json"));
        Fails(5, Db, "export", "register", "--municipality", "4601", "--out", "/sys/vern-export.zip");
        Assert.False(File.Exists("/sys/vern-export.zip"));
    }

    [Fact]
    public void CorruptZip_ImportExitsTwoAndLeavesNoDatabase()
    {
        var zip = Path.Combine(Dir, "delivery.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(archive.CreateEntry("a.xml").Open());
            w.Write(new string('x', 10_000));
        }
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]); // truncated: no central directory
        Prepare(); // issue 15: the importer must be a stored user, so the database exists first
        Assert.Contains("zip", Fails(2, Db, "import", "register", zip), StringComparison.Ordinal);
        Assert.Equal(0, VernProcess.StoredEvents(Db));
    }

    [Fact]
    public void ControlCharacterInName_RefusedAndNeverWrittenRaw()
    {
        Prepare();
        var (exit, stdout, stderr) = VernProcess.Run(Db, "case", "open", "--municipality", "4601", "--journal", "J", "--opened", "2024-01-10",
            "--birth-date", "2015-03-14", "--sex", "Female", "--given-name", "Kari\u001b[2J\u202e");
        Assert.Equal(2, exit);
        Assert.Contains("kontrolltegn (U+001B)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout + stderr);
        Assert.DoesNotContain('\u202e', stdout + stderr);
        Assert.Equal(0, VernProcess.StoredEvents(Db));
    }

    [Fact]
    public void FirstCommandOnANewDatabase_WithNoUserYet_ExitsSevenAndLeavesNoDatabase()
    {
        var line = Fails(7, Db, "case", "open", "--municipality", "4601", "--journal", "J", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female");
        Assert.Contains("ingen brukere", line, StringComparison.Ordinal);
        Assert.Contains("vern user add", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Db), "a refused first command leaves no database behind");
    }

    [Fact]
    public void UnknownOrDisabledUser_CannotAct_ExitsSeven()
    {
        var id = OpenCase();
        Assert.Contains("«ola» (fra --as) finnes ikke", Fails(7, Db, "case", "show", id, "--as", "ola"), StringComparison.Ordinal);
        Ok("user", "add", "--as", "admin", "--id", "kari", "--name", "Kari", "--role", "caseworker", "--municipality", "4601");
        Ok("user", "disable", "kari", "--as", "admin");
        Assert.Contains("deaktivert", Fails(7, Db, "case", "show", id, "--as", "kari"), StringComparison.Ordinal);
        Assert.Contains("kari", Ok("user", "list", "--as", "admin"), StringComparison.Ordinal); // disabled, not erased
    }

    [Fact]
    public void ACaseworker_AskingForACaseNotAssignedToThem_ExitsSeven_AndTheAttemptIsInTheCasesAccessLog()
    {
        var id = OpenCase();
        Ok("user", "add", "--as", "admin", "--id", "kari", "--name", "Kari", "--role", "caseworker", "--municipality", "4601");
        var line = Fails(7, Db, "case", "show", id, "--as", "kari");
        Assert.Contains("ikke er tildelt kari", line, StringComparison.Ordinal);
        var access = Ok("case", "access", id);
        Assert.Contains("kari", access, StringComparison.Ordinal);
        Assert.Contains("avvist", access, StringComparison.Ordinal);
        Ok("case", "record", "assign", "--case", id, "--caseworker", "kari", "--on", "2024-01-11");
        Assert.Contains("Kommune / journalnr.", Ok("case", "show", id, "--as", "kari"), StringComparison.Ordinal);
    }
}
