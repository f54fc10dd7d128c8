using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Vern.Cli.Tests;

/// <summary>vern export register / import register / register check through the real program on the demo municipality.</summary>
public sealed class RegisterExportCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vern-cli", Guid.NewGuid().ToString("N"));

    public RegisterExportCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string P(string name) => Path.Combine(_dir, name);

    private static string Ok(string db, params string[] args)
    {
        var (exit, stdout, stderr) = VernProcess.Run(db, args);
        Assert.True(exit == 0, $"vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
        return stdout;
    }

    [Fact]
    public void DemoExportImportExport_SameFilesAndSecondExportEmpty()
    {
        var db = P("demo.db");
        Ok(db, "demo", "--to", "2026-01-15");
        VernProcess.Prepare(db, "7777", admin: "admin-7777");

        var first = Ok(db, "export", "register", "--municipality", "7777", "--out", P("first.zip"));
        var second = Ok(db, "export", "register", "--municipality", "7777", "--out", P("second.zip"));
        VernProcess.Prepare(P("copy.db"), "7777");
        Ok(P("copy.db"), "import", "register", P("first.zip"));
        Ok(P("copy.db"), "export", "register", "--municipality", "7777", "--out", P("copy"));

        Assert.Contains("Avgiver: 1077770", first, StringComparison.Ordinal);
        Assert.Contains("SYNTETISK kommune", first, StringComparison.Ordinal);
        Assert.Contains("Skrev 0 filer", second, StringComparison.Ordinal);
        Assert.False(File.Exists(P("second.zip")));
        using var zip = System.IO.Compression.ZipFile.OpenRead(P("first.zip"));
        Assert.Equal(zip.Entries.Count, Directory.GetFiles(P("copy"), "*.xml").Length);
        foreach (var entry in zip.Entries.Take(50))
        {
            using var reader = new StreamReader(entry.Open());
            var original = reader.ReadToEnd();
            var copy = File.ReadAllText(Path.Combine(P("copy"), entry.Name));
            Assert.Equal(original[original.IndexOf("<Sak ", StringComparison.Ordinal)..], copy[copy.IndexOf("<Sak ", StringComparison.Ordinal)..]);
        }
    }

    /// <summary>An export killed (SIGKILL) while it writes leaves no spool of its deliveries behind in the temporary folder, and
    /// records nothing (issue 14, session 16: each killed export left a <c>vern-deliveries-*.bin</c> in /tmp). The export is held
    /// in the middle without a seam in Vern: one case's file name is taken by a named pipe, so the worker writing that case
    /// blocks in open() while the other worker writes and spools every other case; then the process is killed.</summary>
    [SkippableFact]
    public void Export_KilledWhileWriting_LeavesNoSpoolAndRecordsNothing()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "a named pipe holds the export (mkfifo)");
        var db = P("demo.db");
        Ok(db, "demo", "--to", "2026-01-15");
        VernProcess.Prepare(db, "7777", admin: "admin-7777");
        var cases = Query<string>(db, "SELECT case_id FROM cases WHERE municipality = '7777' ORDER BY journal_number");
        var output = P("out");
        Directory.CreateDirectory(output);
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(output, cases[cases.Count / 2] + ".xml"))!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var temp = P("tmp");
        Directory.CreateDirectory(temp);
        var start = VernProcess.StartInfo(db, "export", "register", "--municipality", "7777", "--out", output);
        start.Environment["TMPDIR"] = temp;
        start.Environment["DOTNET_EnableDiagnostics"] = "0"; // the runtime's own diagnostics socket would be left in TMPDIR too

        using (var export = Process.Start(start)!)
        {
            // Wait until the other worker has written every file it can: the count stands still for a second once the export has
            // written any (the named pipe is the one *.xml there before; a slow start-up is not a standstill).
            var (seen, still) = (0, Stopwatch.StartNew());
            var waited = Stopwatch.StartNew();
            while ((seen <= 1 || still.Elapsed < TimeSpan.FromSeconds(1)) && waited.Elapsed < TimeSpan.FromSeconds(120) && !export.HasExited)
            {
                Thread.Sleep(50);
                var now = Directory.GetFiles(output, "*.xml").Length;
                if (now != seen)
                    (seen, still) = (now, Stopwatch.StartNew());
            }
            Assert.False(export.HasExited, "the export should be held by the named pipe");
            Assert.True(seen > cases.Count / 2, $"only {seen} of {cases.Count} files were written before the kill");
            export.Kill(entireProcessTree: true);
            export.WaitForExit();
        }

        Assert.Empty(Directory.GetFileSystemEntries(temp).Select(Path.GetFileName));
        Assert.Equal(0, Query<long>(db, "SELECT count(*) FROM register_deliveries").Single());
    }

    /// <summary>Who exported and how (migration 35): a zip export records the user it ran as (<c>--as</c>) and <c>cli-zip</c>, a folder
    /// export <c>cli-folder</c> (here as VERN_USER), a dry run nothing; <c>vern register deliveries</c> lists them newest first, by
    /// name and id.</summary>
    [Fact]
    public void Export_RecordsTheUserItRanAsAndHow_AndRegisterDeliveriesListsThem()
    {
        var db = P("demo.db");
        Ok(db, "demo", "--to", "2026-01-15");
        VernProcess.Prepare(db, "7777", admin: "admin-7777");
        Ok(db, "export", "register", "--municipality", "7777", "--out", P("levering.zip"), "--as", "leder-7777");
        Ok(db, "export", "register", "--municipality", "7777", "--out", P("mappe"), "--full");
        Ok(db, "export", "register", "--municipality", "7777", "--out", P("prøve.zip"), "--full", "--dry-run", "--as", "leder-7777");

        Assert.Equal(["cli-test|cli-folder", "leder-7777|cli-zip"],
            Query<string>(db, "SELECT exported_by || '|' || exported_how FROM register_delivery_runs WHERE municipality = '7777' ORDER BY last_id DESC"));
        var cases = Query<long>(db, "SELECT count(*) FROM register_deliveries WHERE municipality = '7777'").Single();
        Assert.Equal(Directory.GetFiles(P("mappe"), "*.xml").Length * 2, cases);

        var lines = Ok(db, "register", "deliveries", "--municipality", "7777").Split('\n');
        var folder = Assert.Single(lines, l => l.Contains("CLI Test (cli-test)", StringComparison.Ordinal));
        Assert.Contains("mappe fra kommandolinjen", folder, StringComparison.Ordinal);
        var zip = Assert.Single(lines, l => l.Contains("(leder-7777)", StringComparison.Ordinal));
        Assert.Contains("zip-fil fra kommandolinjen", zip, StringComparison.Ordinal);
        Assert.True(Array.IndexOf(lines, folder) < Array.IndexOf(lines, zip), "newest first");
    }

    private static List<T> Query<T>(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read())
            rows.Add(r.GetFieldValue<T>(0));
        return rows;
    }

    [Fact]
    [Trait("Rule", "Kravspesifikasjon: ERROR og FATAL avvises")]
    public void DemoExport_WithPlantedDuplicatesAndStateData_NoErrorOrFatalFinding()
    {
        // Issue 14 §2: nothing Vern sends fails SSB. The whole `vern demo` (cases, state side, planted duplicates DUP/n)
        // exported and validated as SSB would: no file has an ERROR or FATAL finding (Sak Kontroll 8 and 21 and
        // Personalia Kontroll 14 were the causes once).
        var db = P("demo.db");
        var demo = Ok(db, "demo", "--to", "2026-11-23");
        VernProcess.Prepare(db, "7777", admin: "admin-7777");
        Ok(db, "export", "register", "--municipality", "7777", "--out", P("out"));

        var (exit, stdout, stderr) = VernProcess.Run(db, "validate", "register", P("out"), "--as-of", "2026-11-23", "--format", "json");

        Assert.Contains("Plantet", demo, StringComparison.Ordinal);
        Assert.Contains("DUP/", string.Concat(Directory.GetFiles(P("out"), "*.xml").Select(File.ReadAllText)), StringComparison.Ordinal);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var bad = json.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() is "ERROR" or "FATAL")
            .Select(f => $"{f.GetProperty("control").GetString()} {f.GetProperty("path").GetString()}: {f.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    [Fact]
    public void RegisterCheck_Demo_ReportsPerCaseWithCaseworker()
    {
        var db = P("demo.db");
        Ok(db, "demo", "--to", "2026-01-15");
        VernProcess.Prepare(db, "7777", admin: "admin-7777");

        var (exit, stdout, stderr) = VernProcess.Run(db, "register", "check", "--municipality", "7777", "--as-of", "2026-01-15");

        Assert.True(exit is 0 or 1, stdout + stderr);
        Assert.Contains("saker kontrollert per 2026-01-15", stdout, StringComparison.Ordinal);
        Assert.Contains("(saksbehandler: sb-7777-", stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Export_MunicipalityWithoutKnownAvgiver_RefusedWithClearMessageAndNoFiles()
    {
        // Issue 14: the export must not invent the Avgiver (it wrote 991108999 "Kommune 1108").
        var db = P("empty.db");
        VernProcess.Prepare(db, "1108");

        var (exit, stdout, stderr) = VernProcess.Run(db, "export", "register", "--municipality", "1108", "--out", P("out"));

        Assert.Equal(2, exit);
        Assert.Contains("Avgiver for kommune 1108 er ukjent", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("--org-number", stdout + stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd Avgiver")]
    public void Export_AfterImport_UsesTheImportedFilesAvgiver()
    {
        var db = P("demo.db");
        Ok(db, "demo", "--to", "2026-01-15");
        VernProcess.Prepare(db, "7777", admin: "admin-7777");
        Ok(db, "export", "register", "--municipality", "7777", "--out", P("first"), "--org-number", "974547283", "--municipality-name", "Vernvik kommune");
        VernProcess.Prepare(P("copy.db"), "7777");
        Ok(P("copy.db"), "import", "register", P("first"));

        var again = Ok(P("copy.db"), "export", "register", "--municipality", "7777", "--out", P("again"));

        Assert.Contains("Avgiver: 974547283 Vernvik kommune (fra en importert fil", again, StringComparison.Ordinal);
        var file = Directory.GetFiles(P("again"), "*.xml")[0];
        Assert.Contains("Organisasjonsnummer=\"974547283\"", File.ReadAllText(file), StringComparison.Ordinal);
    }
}
