namespace Vern.Cli.Tests;

/// <summary>vern deadlines / worklist / compliance / staff end to end through the real program and a real database file.</summary>
public sealed class DeadlineCliTests : CliTest
{
    public DeadlineCliTests() => Prepare();

    /// <summary>A report received 24 January 2024, investigated from 26 January: the law's deadline is 30 April 2024
    /// (barnevernsloven § 2-2: three months after the review week), SSB's Undersøkelse Kontroll 11 the same day (7 + 90).</summary>
    [Fact]
    [Trait("Rule", "undersokelse-frist")]
    public void Deadlines_Csv_ListsTheOpenInvestigationWithBothDueDates()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/5", "--opened", "2024-01-24", "--birth-date", "2015-03-14", "--sex", "Female"));
        var report = LastLine(Ok("case", "record", "report", "--case", caseId, "--on", "2024-01-24", "--reporter", "11", "--content", "8"));
        Ok("case", "record", "investigate", "--case", caseId, "--report", report, "--on", "2024-01-26");
        // The other duties of the report are met: feedback to the school within three weeks, the investigation plan (Plantype 7).
        Assert.Contains("Tilbakemelding til melder (mottatt melding)",
            Ok("case", "record", "feedback", "--case", caseId, "--report", report, "--on", "2024-02-01", "--kind", "Receipt"), StringComparison.Ordinal);
        Ok("case", "record", "plan", "--case", caseId, "--on", "2024-01-26", "--type", "7");

        var csv = Ok("deadlines", "--as-of", "2024-05-02", "--format", "csv").Trim().Split('\n');
        Assert.StartsWith("case_id,municipality,journal_number,responsible,rule", csv[0], StringComparison.Ordinal);
        var row = Assert.Single(csv.Skip(1));
        Assert.Contains(",undersokelse-frist,", row, StringComparison.Ordinal);
        Assert.Contains(",BVL2021,barnevernsloven § 2-2,2024-04-30,2024-04-30,-2,over fristen,", row, StringComparison.Ordinal);
        Assert.Contains(",ikke fordelt,", row, StringComparison.Ordinal);

        Assert.Contains("ikke fordelt", Ok("worklist", "--as-of", "2024-05-02"), StringComparison.Ordinal);
        var json = Ok("compliance", "--from", "2024-01-01", "--to", "2024-06-30", "--format", "json");
        Assert.Contains("\"id\": \"frist:undersokelse-frist\"", json, StringComparison.Ordinal);
    }

    /// <summary>Feedback to the reporter after the investigation (barnevernloven 1992 § 6-7 a; Bufdir: within three weeks
    /// of its end) cannot be recorded before the investigation is concluded: refused with the field and rule, nothing stored.</summary>
    [Fact]
    [Trait("Rule", "melder-tilbakemelding-undersokelse")]
    public void RecordFeedback_AfterInvestigationStillOpen_RefusedAndTheDutyStaysOpen()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-01-24", "--birth-date", "2015-03-14", "--sex", "Female"));
        var report = LastLine(Ok("case", "record", "report", "--case", caseId, "--on", "2024-01-24", "--reporter", "11", "--content", "8"));
        Ok("case", "record", "investigate", "--case", caseId, "--report", report, "--on", "2024-01-26");
        var (exit, stdout, stderr) = VernProcess.Run(Db, "case", "record", "feedback", "--case", caseId, "--report", report, "--on", "2024-02-01", "--kind", "AfterInvestigation");
        Assert.Equal(2, exit);
        Assert.Contains("vern.feedback.before-investigation-concluded", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("ingenting ble lagret", stdout, StringComparison.Ordinal);
        var csv = Ok("deadlines", "--as-of", "2024-02-20", "--format", "csv");
        Assert.Contains(",melder-tilbakemelding,", csv, StringComparison.Ordinal); // the receipt feedback, due 14 February, is still owed
    }

    /// <summary>Follow-up after a return home (barnevernsloven from 1 January 2026, regjeringen.no «Endringer i lover og regler fra
    /// 1.1.2026»: the child and the parents are offered follow-up for up to six months after a care order is lifted). A care
    /// order's placement ended 15 March 2026 with Opphevelse 1; the offer on 20 March is recorded by <c>case record
    /// return-follow-up</c>, shown in the timeline, counted five days late by <c>vern compliance</c>, and survives export and import.
    /// A placement ended with Opphevelse 2 (fylt 18 år) is refused naming the field and the rule, and nothing is stored.</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void RecordReturnFollowUp_AfterACareOrderIsLifted_IsShownAndCountedLate()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2025/8", "--opened", "2025-01-06", "--birth-date", "2014-03-14", "--sex", "Female"));
        var decision = LastLine(Ok("case", "record", "decision", "--case", caseId, "--on", "2025-02-01", "--chapter", "5", "--section", "1"));
        var placement = LastLine(Ok("case", "record", "measure", "--case", caseId, "--decision", decision, "--on", "2025-02-03", "--code", "2.2"));
        var other = LastLine(Ok("case", "record", "measure", "--case", caseId, "--decision", decision, "--on", "2025-02-03", "--code", "2.1"));
        Ok("case", "record", "end-measure", "--case", caseId, "--measure", placement, "--on", "2026-03-15", "--termination", "1");
        Ok("case", "record", "end-measure", "--case", caseId, "--measure", other, "--on", "2026-03-15", "--termination", "2");

        var (exit, stdout, stderr) = VernProcess.Run(Db, "case", "record", "return-follow-up", "--case", caseId, "--measure", other, "--on", "2026-03-20");
        Assert.Equal(2, exit);
        Assert.Contains("vern.return-follow-up.not-returned", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("measureId", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("ingenting ble lagret", stdout, StringComparison.Ordinal);

        Assert.Contains("Tilbud om oppfølging etter tilbakeføring gitt",
            Ok("case", "record", "return-follow-up", "--case", caseId, "--measure", placement, "--on", "2026-03-20"), StringComparison.Ordinal);
        Assert.Contains("Tilbud om", Ok("case", "show", caseId), StringComparison.Ordinal); // the timeline's table wraps the rest
        var json = Ok("compliance", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "json");
        Assert.Contains("\"id\": \"frist:tilbakeforing-oppfolging\"", json, StringComparison.Ordinal);
        Assert.Contains("utført 2026-03-20, 5 dager for sent", json, StringComparison.Ordinal);
        Assert.DoesNotContain(",tilbakeforing-oppfolging,", Ok("deadlines", "--as-of", "2026-04-01", "--format", "csv"), StringComparison.Ordinal); // met: off the list

        var file = Path.Combine(Dir, "returned.json");
        Ok("case", "export", caseId, "--out", file);
        var otherDb = Path.Combine(Dir, "other.db");
        Prepare(otherDb);
        var (imported, _, importErr) = VernProcess.Run(otherDb, "case", "import", file);
        Assert.True(imported == 0, importErr);
        Assert.Contains("\"return-follow-up-offered\"", VernProcess.Run(otherDb, "case", "export", caseId).Out, StringComparison.Ordinal);
    }

    /// <summary>A planned return home: the reason (Opphevelse 1) is recorded with <c>case record termination-reason</c> while the care
    /// placement still runs, so the offer of follow-up can be recorded before the child moves home, and it counts on time when the
    /// placement then ends (barnevernsloven from 2026, «tilbakeforing-oppfolging»; docs/deadlines.md). The case with the reason
    /// recorded before the end goes through <c>case export</c> and <c>case import</c> (the event is replayed, not refused).</summary>
    [Fact]
    [Trait("Rule", "tilbakeforing-oppfolging")]
    public void APlannedReturn_TheReasonFirst_ThenTheOfferBeforeTheMove_IsOnTime_AndSurvivesImport()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2025/9", "--opened", "2025-01-06", "--birth-date", "2014-03-14", "--sex", "Female"));
        var decision = LastLine(Ok("case", "record", "decision", "--case", caseId, "--on", "2025-02-01", "--chapter", "5", "--section", "1"));
        var placement = LastLine(Ok("case", "record", "measure", "--case", caseId, "--decision", decision, "--on", "2025-02-03", "--code", "2.2"));
        var (exit, stdout, _) = VernProcess.Run(Db, "case", "record", "return-follow-up", "--case", caseId, "--measure", placement, "--on", "2026-03-10");
        Assert.Equal(2, exit); // no reason recorded yet: not a return
        Assert.Contains("ingenting ble lagret", stdout, StringComparison.Ordinal);

        Assert.Contains("skal avsluttes", Ok("case", "record", "termination-reason", "--case", caseId, "--measure", placement, "--termination", "1"), StringComparison.Ordinal);
        Ok("case", "record", "return-follow-up", "--case", caseId, "--measure", placement, "--on", "2026-03-10");
        Ok("case", "record", "end-measure", "--case", caseId, "--measure", placement, "--on", "2026-03-15");

        var indicator = System.Text.Json.JsonDocument.Parse(Ok("compliance", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "json"))
            .RootElement.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "frist:tilbakeforing-oppfolging");
        Assert.Equal((1, 1, 0), (indicator.GetProperty("met").GetInt32(), indicator.GetProperty("counted").GetInt32(), indicator.GetProperty("breaches").GetInt32()));
        Assert.DoesNotContain(",tilbakeforing-oppfolging,", Ok("deadlines", "--as-of", "2026-04-01", "--format", "csv"), StringComparison.Ordinal);

        var file = Path.Combine(Dir, "planned-return.json");
        Ok("case", "export", caseId, "--out", file);
        var otherDb = Path.Combine(Dir, "planned.db");
        Prepare(otherDb);
        var (imported, _, importErr) = VernProcess.Run(otherDb, "case", "import", file);
        Assert.True(imported == 0, importErr);
        Assert.Contains("\"termination-reason-recorded\"", VernProcess.Run(otherDb, "case", "export", caseId).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void StaffImportAndCapacity_WarnsOnMissingCompetence()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/6", "--opened", "2024-01-24", "--birth-date", "2015-03-14", "--sex", "Female"));
        Ok("case", "record", "report", "--case", caseId, "--on", "2024-01-24", "--reporter", "11", "--content", "8");
        var file = Path.Combine(Dir, "staff.json");
        File.WriteAllText(file, """[{"id":"sb1","municipalityNumber":"4601","name":"Kari","position":"saksbehandler","education":"RelevantBachelor","yearsInChildWelfare":1}]""");
        Assert.Contains("Importerte 1 ansatte", Ok("staff", "import", file), StringComparison.Ordinal);
        Assert.Contains("vern.sak.ikke-fordelt", Ok("staff", "capacity", "-m", "4601", "--as-of", "2024-01-26"), StringComparison.Ordinal);
        Ok("case", "record", "assign", "--case", caseId, "--caseworker", "sb1", "--on", "2024-01-25");
        var capacity = Ok("staff", "capacity", "-m", "4601", "--as-of", "2024-01-26");
        Assert.Contains("vern.kompetanse.kjerneoppgave", capacity, StringComparison.Ordinal); // barnevernsloven § 15-6
        Assert.DoesNotContain("vern.sak.ikke-fordelt", capacity, StringComparison.Ordinal);
    }
}
