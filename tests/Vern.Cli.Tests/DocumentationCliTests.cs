using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage;

namespace Vern.Cli.Tests;

/// <summary>The case documentation through the real <c>vern</c> program: notes, participation, the decision document as PDF
/// (real headless Chromium), search; each a thin command on the application layer.</summary>
public sealed class DocumentationCliTests : CliTest
{
    private void Users()
    {
        using var app = VernApp.OpenSqlite(Db, ReferenceFiles.LoadCodeLists(null), TimeProvider.System);
        var root = Actor.From(app.AddUserAsync(null, "root", "Root", Role.Administrator, null).GetAwaiter().GetResult());
        app.AddUserAsync(root, "leder", "Lene Leder", Role.Leader, "4601").GetAwaiter().GetResult();
        app.AddUserAsync(root, "tilsyn", "Tore Tilsyn", Role.Auditor, "4601").GetAwaiter().GetResult();
        app.AddUserAsync(root, "sb-x", "Xander", Role.Caseworker, "4602").GetAwaiter().GetResult();
    }

    /// <summary>Forvaltningsloven § 11 d (a finalised note is only versioned), §§ 24–25 (no decision without reasons),
    /// barnevernsloven § 1-4 (participation flagged from 7), § 13-1 (search scoped), and every read in the access log.</summary>
    [Fact]
    public void Notes_participation_decision_document_and_search_through_the_cli()
    {
        Ok("init");
        Users();
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-05-01", "--birth-date", "2015-03-14",
            "--sex", "Female", "--given-name", "Kari", "--family-name", "Nordmann"));
        var decision = LastLine(Ok("case", "record", "decision", "--case", caseId, "--on", "2024-05-10", "--chapter", "3", "--section", "1", "--ledd", "1"));

        var note = LastLine(Ok("case", "note", "add", caseId, "--type", "samtale-barn", "--text", "Kari fortalte om fotballtreningen.", "--date", "2024-05-03", "--as", "leder"));
        Ok("case", "note", "finalise", note, "--as", "leder");
        var (exit, stdout, _) = VernProcess.Run(Db, "case", "note", "edit", note, "--text", "Endret i ettertid", "--as", "leder");
        Assert.Equal(2, exit);
        Assert.Contains("vern.note.finalised", stdout, StringComparison.Ordinal);
        Ok("case", "note", "addendum", note, "--text", "Tillegg: treneren bekreftet.", "--as", "leder");
        Assert.Contains("fotballtreningen", Ok("case", "note", "list", caseId, "--as", "leder"), StringComparison.Ordinal);
        Assert.Contains("Historikk", Ok("case", "note", "show", note, "--as", "tilsyn", "--purpose", "tilsyn 2024"), StringComparison.Ordinal);

        Assert.Contains(note, Ok("search", "fotball", "--as", "leder"), StringComparison.Ordinal);
        Assert.Equal(2, VernProcess.Run(Db, "search", "fotball", "--as", "tilsyn").Exit); // an auditor states a purpose
        Assert.DoesNotContain(note, VernProcess.Run(Db, "search", "fotball", "--as", "sb-x").Out, StringComparison.Ordinal);

        Assert.Equal(1, VernProcess.Run(Db, "case", "participation", "check", "--as", "leder").Exit);
        Ok("case", "participation", "add", caseId, "--on", "2024-05-03", "--heard-by", "Lene Leder", "--place", "skolen",
            "--views", "Jeg vil bo hjemme, men vil ha hjelp med lekser.", "--weight", "Stor vekt: Kari er 9 år.", "--entry", "vedtak:" + decision, "--as", "leder");
        Ok("case", "participation", "check", "--as", "leder");

        Ok("case", "decision", "draft", decision, "--case", caseId, "--legal-basis", "Barnevernsloven § 3-1 første ledd.", "--as", "leder");
        var refused = VernProcess.Run(Db, "case", "decision", "finalise", decision, "--case", caseId, "--as", "leder");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("vern.decision.reasons-empty", refused.Out, StringComparison.Ordinal);
        Ok("case", "decision", "draft", decision, "--case", caseId, "--facts", "Skolen meldte bekymring 2. mai.", "--assessment", "Hjelpetiltak er til Karis beste.",
            "--child-views", "Kari vil ha hjelp med lekser.", "--conclusion", "Familien får leksehjelp.", "--as", "leder");
        Ok("case", "decision", "finalise", decision, "--case", caseId, "--as", "leder");

        var pdf = Path.Combine(Dir, "vedtak.pdf");
        var html = Path.Combine(Dir, "vedtak.html");
        Ok("case", "decision-document", decision, "--out", pdf, "--html", html, "--as", "leder", "--purpose", "utsending");
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);
        var page = File.ReadAllText(html);
        Assert.Contains("forvaltningsloven § 29", page, StringComparison.Ordinal);
        Assert.Contains("3 uker", page, StringComparison.Ordinal);
        Assert.Contains("Jeg vil bo hjemme", page, StringComparison.Ordinal);

        var access = Ok("case", "access", caseId);
        foreach (var op in new[] { "note list", "note show", "search", "decision-document" })
            Assert.Contains(op, access, StringComparison.Ordinal);
    }
}
