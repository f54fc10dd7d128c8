namespace Vern.Cli.Tests;

/// <summary><c>vern case attachment add|list|get</c> through the real program (issue 22): a PDF attached to a note and got back
/// byte for byte; an HTML file named .pdf refused (exit 2, type by content) and nothing stored; the download in the case's
/// access log; another municipality's caseworker refused (exit 7).</summary>
public sealed class AttachmentCliTests : CliTest
{
    [Fact]
    public void A_pdf_is_attached_listed_and_got_back_and_html_is_refused()
    {
        VernProcess.Prepare(Db);
        Ok("user", "add", "--as", "admin", "--id", "sb-x", "--name", "Xander", "--role", "caseworker", "--municipality", "4602");
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/8", "--opened", "2024-05-01", "--birth-date", "2015-03-14",
            "--sex", "Female", "--given-name", "Kari", "--family-name", "Nordmann"));
        var note = LastLine(Ok("case", "note", "add", caseId, "--type", "samarbeidsmote", "--text", "Møte med skolen; rapporten er vedlagt.", "--date", "2024-05-03"));

        var pdf = Path.Combine(Dir, "skolerapport.pdf");
        File.WriteAllBytes(pdf, System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"));
        var attachment = LastLine(Ok("case", "attachment", "add", caseId, "--note", note, "--file", pdf));

        var html = Path.Combine(Dir, "falsk.pdf");
        File.WriteAllText(html, "<!DOCTYPE html><script>alert(1)</script>");
        var refused = VernProcess.Run(Db, "case", "attachment", "add", caseId, "--note", note, "--file", html);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("vern.attachment.type", refused.Out + refused.Err, StringComparison.Ordinal);

        var list = Ok("case", "attachment", "list", caseId);
        Assert.Contains("skolerapport.pdf", list, StringComparison.Ordinal);
        Assert.DoesNotContain("falsk.pdf", list, StringComparison.Ordinal);
        Assert.Contains("1 vedlegg", list, StringComparison.Ordinal);

        var back = Path.Combine(Dir, "hentet.pdf");
        Ok("case", "attachment", "get", attachment, "--out", back, "--purpose", "oppfølging");
        Assert.Equal(File.ReadAllBytes(pdf), File.ReadAllBytes(back));
        Assert.Equal(2, VernProcess.Run(Db, "case", "attachment", "get", attachment, "--out", back).Exit); // never overwrites a file
        Assert.Equal(7, VernProcess.Run(Db, "case", "attachment", "get", attachment, "--out", Path.Combine(Dir, "x.pdf"), "--as", "sb-x").Exit);

        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM access_log WHERE case_id = $c AND operation = 'attachment download' AND outcome = 'allowed' AND purpose = 'oppfølging'";
        cmd.Parameters.AddWithValue("$c", caseId);
        Assert.Equal(1L, cmd.ExecuteScalar());
    }
}
