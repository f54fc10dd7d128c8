namespace Vern.Cli.Tests;

/// <summary>The case documentation through the real <c>vern</c> program: notes, participation, the decision document as PDF
/// (real headless Chromium), search; each a thin command on the application layer.</summary>
public sealed class DocumentationCliTests : CliTest
{
    /// <summary>cli-test (VERN_USER) is the leader of 4601; an auditor of 4601 and a caseworker of 4602 beside it.</summary>
    private void Users()
    {
        VernProcess.Prepare(Db);
        Ok("user", "add", "--as", "admin", "--id", "tilsyn", "--name", "Tore Tilsyn", "--role", "auditor", "--municipality", "4601");
        Ok("user", "add", "--as", "admin", "--id", "sb-x", "--name", "Xander", "--role", "caseworker", "--municipality", "4602");
    }

    /// <summary>Forvaltningsloven § 11 d (a finalised note is only versioned), §§ 24–25 (no decision without reasons),
    /// barnevernsloven § 1-4 (participation flagged from 7), § 13-1 (search scoped), and every read in the access log.</summary>
    [Fact]
    public void Notes_participation_decision_document_and_search_through_the_cli()
    {
        Users();
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-05-01", "--birth-date", "2015-03-14",
            "--sex", "Female", "--given-name", "Kari", "--family-name", "Nordmann"));
        var decision = LastLine(Ok("case", "record", "decision", "--case", caseId, "--on", "2024-05-10", "--chapter", "3", "--section", "1", "--ledd", "1"));

        var note = LastLine(Ok("case", "note", "add", caseId, "--type", "samtale-barn", "--text", "Kari fortalte om fotballtreningen.", "--date", "2024-05-03"));
        Ok("case", "note", "finalise", note);
        var (exit, stdout, _) = VernProcess.Run(Db, "case", "note", "edit", note, "--text", "Endret i ettertid");
        Assert.Equal(2, exit);
        Assert.Contains("vern.note.finalised", stdout, StringComparison.Ordinal);
        Ok("case", "note", "addendum", note, "--text", "Tillegg: treneren bekreftet.");
        Assert.Contains("fotballtreningen", Ok("case", "note", "list", caseId), StringComparison.Ordinal);
        Assert.Contains("Historikk", Ok("case", "note", "show", note, "--as", "tilsyn", "--purpose", "tilsyn 2024"), StringComparison.Ordinal);

        Assert.Contains(note, Ok("search", "fotball"), StringComparison.Ordinal);
        Assert.Equal(7, VernProcess.Run(Db, "search", "fotball", "--as", "tilsyn").Exit); // an auditor states a purpose (exit 7: access denied)
        Assert.DoesNotContain(note, VernProcess.Run(Db, "search", "fotball", "--as", "sb-x").Out, StringComparison.Ordinal);

        Assert.Equal(1, VernProcess.Run(Db, "case", "participation", "check").Exit);
        var heard = LastLine(Ok("case", "participation", "add", caseId, "--on", "2024-05-03", "--heard-by", "Lene Leder", "--place", "skolen",
            "--views", "Jeg vil bo hjemme, men vil ha hjelp med lekser.", "--weight", "Stor vekt: Kari er 9 år.", "--entry", "vedtak:" + decision));
        Ok("case", "participation", "check");
        // Issue 22: the search covers the participation record too, and says what the hit is.
        var found = Ok("search", "lekser");
        Assert.Contains("Barnets medvirkning", found, StringComparison.Ordinal);
        Assert.Contains("medvirkning ", found, StringComparison.Ordinal);
        Assert.DoesNotContain("Barnets medvirkning", VernProcess.Run(Db, "search", "lekser", "--as", "sb-x").Out, StringComparison.Ordinal);
        // Issue 22: withholding a passage from one parent (barnevernsloven § 12-6 andre ledd); a passage not in the views exits 2.
        var father = LastLine(Ok("case", "person", "add", caseId, "--role", "parent", "--name", "Per Hansen", "--parental-responsibility"));
        Assert.Equal(2, VernProcess.Run(Db, "case", "participation", "withhold", caseId, "--record", heard, "--party", father,
            "--ground", "barnets-uttalelser-fare", "--part", "står ikke der", "--reason", "Barnet er redd.").Exit);
        Assert.Contains("Holdt tilbake", Ok("case", "participation", "withhold", caseId, "--record", heard, "--party", father,
            "--ground", "barnets-uttalelser-fare", "--part", "hjelp med lekser", "--reason", "Barnet er redd."), StringComparison.Ordinal);

        Ok("case", "decision", "draft", decision, "--case", caseId, "--legal-basis", "Barnevernsloven § 3-1 første ledd.");
        var refused = VernProcess.Run(Db, "case", "decision", "finalise", decision, "--case", caseId);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("vern.decision.reasons-empty", refused.Out, StringComparison.Ordinal);
        Ok("case", "decision", "draft", decision, "--case", caseId, "--facts", "Skolen meldte bekymring 2. mai.", "--assessment", "Hjelpetiltak er til Karis beste.",
            "--child-views", "Kari vil ha hjelp med lekser.", "--conclusion", "Familien får leksehjelp.");
        Ok("case", "decision", "finalise", decision, "--case", caseId);

        var pdf = Path.Combine(Dir, "vedtak.pdf");
        var html = Path.Combine(Dir, "vedtak.html");
        Ok("case", "decision-document", decision, "--out", pdf, "--html", html, "--purpose", "utsending");
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        var page = File.ReadAllText(html);
        Assert.Contains("forvaltningsloven § 29", page, StringComparison.Ordinal);
        Assert.Contains("3 uker", page, StringComparison.Ordinal);
        Assert.Contains("Jeg vil bo hjemme", page, StringComparison.Ordinal);

        Ok("case", "access", caseId); // the command works; its table wraps at 80 columns, so the rows are read with plain SQL
        var operations = new List<string>();
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False;Mode=ReadOnly"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT operation FROM access_log WHERE case_id = $c AND outcome = 'allowed'";
            cmd.Parameters.AddWithValue("$c", caseId);
            using var r = cmd.ExecuteReader();
            while (r.Read())
                operations.Add(r.GetString(0));
        }
        foreach (var op in new[] { "note list", "note show", "decision-document" })
            Assert.Contains(op, operations);
    }
}
