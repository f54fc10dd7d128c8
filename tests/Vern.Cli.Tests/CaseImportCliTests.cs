using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Vern.Cli.Tests;

/// <summary><c>vern case import</c> replays the history through the domain's rules: a broken case stores nothing,
/// the importer is the recorder, and the original recorder and instant are kept as provenance.</summary>
public sealed class CaseImportCliTests : CliTest
{
    private const string CaseId = "0d5e6f1c-1c3e-4a3b-8c55-9a0e1d2b3c4d";

    /// <summary>A case exported from another database (its own file), as JSON to change.</summary>
    private JsonObject Exported()
    {
        var source = Path.Combine(Dir, "source.db");
        Prepare(source);
        var (exit, stdout, stderr) = VernProcess.Run(source, "case", "open", "--id", CaseId, "--municipality", "4601", "--journal", "2024/9",
            "--opened", "2024-01-10", "--fnr", GirlFnr, "--sex", "Female", "--given-name", "Kari");
        Assert.True(exit == 0, stdout + stderr);
        (exit, stdout, stderr) = VernProcess.Run(source, "case", "record", "report", "--case", CaseId, "--on", "2024-01-10", "--reporter", "11", "--content", "8");
        Assert.True(exit == 0, stdout + stderr);
        (exit, stdout, stderr) = VernProcess.Run(source, "case", "export", CaseId);
        Assert.True(exit == 0, stdout + stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    /// <summary>A valid fødselsnummer for a girl born 2015-03-14 (mod-11 control digits).</summary>
    private static readonly string GirlFnr = Enumerable.Range(50, 50)
        .Select(i => Vern.Domain.People.PersonIdentifier.Create(new DateOnly(2015, 3, 14), i * 10 + 2)).First(p => p is not null)!.Value;

    private static JsonObject Event(JsonObject doc, int i) => doc["events"]![i]!["event"]!.AsObject();

    private string Save(JsonObject doc)
    {
        var file = Path.Combine(Dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(file, doc.ToJsonString());
        return file;
    }

    public static TheoryData<string, string, string> BrokenCases => new()
    {
        // field to break (event index:property path), new value, expected message
        { "0:child.identifier", "14031550123", "fødselsnummer/D-nummer 14031550123 er ugyldig" },          // mod-11 fails
        { "1:receivedOn", "2099-01-10", "er etter dagens dato" },                                           // future date
        { "1:reporters.0.code", "999", "koden 999 finnes ikke i kodelisten" },                              // unknown code
        { "0:child.givenName", new string('x', 1_000_000), "child.givenName kan ha høyst 200 tegn" },       // 1 MB name
        { "0:municipalityNumber", "abc", "kommunenummer abc må være 4 siffer" },
        { "0:journalNumber", "", "journalNumber må fylles ut" },
    };

    [Theory]
    [MemberData(nameof(BrokenCases))]
    [Trait("Rule", "vern case import: every event through CaseDecider")]
    public void Import_BrokenCase_ExitsTwoAndStoresNothing(string field, string value, string message)
    {
        var doc = Exported();
        var (index, path) = (int.Parse(field[..1], System.Globalization.CultureInfo.InvariantCulture), field[2..].Split('.'));
        JsonNode node = Event(doc, index);
        foreach (var step in path[..^1])
            node = int.TryParse(step, out var n) ? node[n]! : node[step]!;
        node[path[^1]] = value;
        Prepare(); // issue 15: the importer must be a stored user, so the database exists before the import

        var (exit, stdout, stderr) = VernProcess.Run(Db, "case", "import", Save(doc));

        Assert.True(exit == 2, stdout + stderr);
        Assert.Contains("Avvist – ingenting ble lagret", stdout, StringComparison.Ordinal);
        Assert.Contains($"events[{index}]:", stdout, StringComparison.Ordinal);
        Assert.Contains(message, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.Equal(0, VernProcess.StoredEvents(Db)); // a refused import stores nothing
    }

    [Fact]
    public void Import_IntoExistingDatabase_RefusedCaseChangesNothing()
    {
        Prepare();
        Ok("case", "open", "--municipality", "4601", "--journal", "other", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Male");
        var before = Ok("case", "list");
        var doc = Exported();
        Event(doc, 1)["receivedOn"] = "2099-01-10";
        var (exit, _, _) = VernProcess.Run(Db, "case", "import", Save(doc));
        Assert.Equal(2, exit);
        Assert.Equal(before, Ok("case", "list"));
    }

    [Fact]
    public void Import_FakedRecorder_ImporterRecordsAndOriginalIsKeptAsProvenance()
    {
        var doc = Exported();
        foreach (var e in doc["events"]!.AsArray())
        {
            e!["recordedBy"] = "mallory";
            e["recordedAt"] = "1999-01-01T00:00:00+00:00";
        }
        Prepare();
        Ok("case", "import", Save(doc));

        var stored = JsonNode.Parse(Ok("case", "export", CaseId))!;
        foreach (var e in stored["events"]!.AsArray())
        {
            Assert.Equal("cli-test", (string)e!["recordedBy"]!);
            Assert.True(DateTimeOffset.Parse((string)e["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddHours(-1));
            Assert.Equal("mallory", (string)e["event"]!["importedFrom"]!["recordedBy"]!);
            Assert.Equal("1999-01-01T00:00:00+00:00", (string)e["event"]!["importedFrom"]!["recordedAt"]!);
        }
    }

    [Fact]
    public void Import_TwiceThroughTwoDatabases_KeepsTheFirstRecorder()
    {
        var first = Save(Exported());
        Prepare();
        Ok("case", "import", first);
        var again = Path.Combine(Dir, "again.json");
        Ok("case", "export", CaseId, "--out", again);
        var third = Path.Combine(Dir, "third.db");
        Prepare(third);
        var (exit, stdout, stderr) = VernProcess.Run(third, "case", "import", again);
        Assert.True(exit == 0, stdout + stderr);
        (_, stdout, _) = VernProcess.Run(third, "case", "export", CaseId);
        Assert.Equal("cli-test", (string)JsonNode.Parse(stdout)!["events"]![0]!["event"]!["importedFrom"]!["recordedBy"]!);
    }
}

/// <summary>Under contention <c>vern case record</c> prints only the events it appended itself.</summary>
public sealed class CaseRecordContentionCliTests : CliTest
{
    [Fact]
    public void Record_ConcurrentWriters_EachPrintsOnlyItsOwnEntry()
    {
        Prepare();
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/1", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        var processes = Enumerable.Range(0, 6).Select(_ => Process.Start(VernProcess.StartInfo(Db,
            "case", "record", "report", "--case", caseId, "--on", "2024-01-10", "--reporter", "11", "--content", "8"))!).ToList();
        var printed = new List<string>();
        var succeeded = 0;
        foreach (var p in processes)
        {
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode is 0 or 3, stdout); // 3: another writer got there first; nothing stored
            if (p.ExitCode != 0)
                continue;
            succeeded++;
            var saved = stdout.Split('\n').Where(l => l.StartsWith("Lagret", StringComparison.Ordinal)).ToList();
            Assert.Single(saved); // its own one event, never another writer's
            printed.Add(LastLine(stdout));
            p.Dispose();
        }
        Assert.Equal(succeeded, printed.Distinct().Count());
        var export = Ok("case", "export", caseId);
        Assert.All(printed, id => Assert.Contains(id, export, StringComparison.Ordinal));
    }
}
