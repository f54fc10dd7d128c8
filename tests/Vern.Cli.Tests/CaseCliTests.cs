namespace Vern.Cli.Tests;

/// <summary>The case commands end to end through the real program and a real database file.</summary>
public sealed class CaseCliTests : CliTest
{
    public CaseCliTests() => Prepare();

    [Fact]
    public void OpenRecordShowExportImport_RoundTrip()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/5", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        var report = LastLine(Ok("case", "record", "report", "--case", caseId, "--on", "2024-01-10", "--reporter", "11", "--content", "8"));
        var investigation = LastLine(Ok("case", "record", "investigate", "--case", caseId, "--report", report, "--on", "2024-01-15"));
        Ok("case", "record", "conclude-investigation", "--case", caseId, "--investigation", investigation, "--on", "2024-03-01", "--code", "1", "--grounds", "8");
        var decision = LastLine(Ok("case", "record", "decision", "--case", caseId, "--on", "2024-03-01", "--chapter", "3", "--section", "1", "--investigation", investigation));
        Ok("case", "record", "measure", "--case", caseId, "--decision", decision, "--on", "2024-03-04", "--code", "3.2");

        var shown = Ok("case", "show", caseId);
        Assert.Contains("Tiltak", shown, StringComparison.Ordinal);
        Assert.Contains("cli-test", shown, StringComparison.Ordinal); // who recorded it

        var file = Path.Combine(Dir, "case.json");
        Ok("case", "export", caseId, "--out", file);
        var otherDb = Path.Combine(Dir, "other.db");
        Prepare(otherDb);
        var (exit, stdout, _) = VernProcess.Run(otherDb, "case", "import", file);
        Assert.Equal(0, exit);
        Assert.Contains("7 hendelser", stdout, StringComparison.Ordinal);
        var (_, exported, _) = VernProcess.Run(otherDb, "case", "export", caseId);
        // The same facts, now recorded by the importer, with the original recorder and instant kept as provenance.
        var original = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!["events"]!.AsArray();
        var imported = System.Text.Json.Nodes.JsonNode.Parse(exported)!["events"]!.AsArray();
        Assert.Equal(original.Count, imported.Count);
        for (var i = 0; i < original.Count; i++)
        {
            var fact = imported[i]!["event"]!.AsObject();
            Assert.Equal((string)original[i]!["recordedBy"]!, (string)fact["importedFrom"]!["recordedBy"]!);
            Assert.Equal((string)original[i]!["recordedAt"]!, (string)fact["importedFrom"]!["recordedAt"]!);
            fact.Remove("importedFrom");
            Assert.Equal(original[i]!["event"]!.ToJsonString(), fact.ToJsonString());
        }
    }

    [Fact]
    [Trait("Rule", "Melding Kontroll 5")]
    public void RecordReport_WithoutContent_ThenConcludeNeedsAndTakesIt()
    {
        // Kravspesifikasjon Melding Kontroll 5: Saksinnhold is required once the Melding is concluded, not before.
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        var report = LastLine(Ok("case", "record", "report", "--case", caseId, "--on", "2024-01-10", "--reporter", "11"));

        var (exit, stdout, _) = VernProcess.Run(Db, "case", "record", "conclude-report", "--case", caseId, "--report", report, "--on", "2024-01-12", "--code", "1");
        Assert.Equal(2, exit);
        Assert.Contains("contents: minst én kode må oppgis", stdout, StringComparison.Ordinal);

        Ok("case", "record", "conclude-report", "--case", caseId, "--report", report, "--on", "2024-01-12", "--code", "1", "--content", "8,3");
        var export = Ok("case", "export", caseId);
        Assert.Contains("\"report-of-concern-concluded\"", export, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordMeasure_WithoutDecision_ExitsTwoAndStoresNothing()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/6", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        var (exit, stdout, _) = VernProcess.Run(Db, "case", "record", "measure", "--case", caseId, "--decision", "99999999-9999-4999-8999-999999999999", "--on", "2024-03-04", "--code", "3.2");
        Assert.Equal(2, exit);
        Assert.Contains("et tiltak må ha et vedtak i saken", stdout, StringComparison.Ordinal);
        Assert.Contains("ingenting ble lagret", stdout, StringComparison.Ordinal);
        var export = Ok("case", "export", caseId);
        Assert.Contains("\"version\": 1", export, StringComparison.Ordinal);
        Assert.DoesNotContain("\"version\": 2", export, StringComparison.Ordinal);
    }

    [Fact]
    public void DbOption_OverridesEnvironment_DatabasesLiveSideBySide()
    {
        var second = Path.Combine(Dir, "second.db");
        Prepare(second);
        Ok("case", "open", "--db", second, "--municipality", "4601", "--journal", "A", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female");
        Assert.Contains("1 saker", Ok("case", "list", "--db", second), StringComparison.Ordinal);
        Assert.Contains("0 saker", Ok("case", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public void ShowAndExport_AreLoggedAsReads()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        Ok("case", "show", caseId);
        Ok("case", "export", caseId);
        var log = Ok("case", "access", caseId);
        Assert.Contains("case show", log, StringComparison.Ordinal);
        Assert.Contains("case export", log, StringComparison.Ordinal);
        Assert.Contains("cli-test", log, StringComparison.Ordinal);
    }
}
