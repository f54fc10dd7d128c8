namespace Vern.Cli.Tests;

/// <summary>Parties see their own case (issue 18 part 3) through the real <c>vern</c> program: persons on a case, a party's
/// access copy as HTML and as PDF (real headless Chromium), and «who looked at my case» for a party.</summary>
public sealed class InnsynCliTests : CliTest
{
    private const string MotherFnr = "03028840011";

    [Fact]
    public void Person_innsyn_and_access_for_party_through_the_cli()
    {
        Prepare();
        Ok("user", "add", "--as", "admin", "--id", "tilsyn", "--name", "Tore Tilsyn", "--role", "auditor", "--municipality", "4601");
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-05-01", "--birth-date", "2015-03-14",
            "--sex", "Female", "--given-name", "Kari", "--family-name", "Nordmann"));
        var report = LastLine(Ok("case", "record", "report", "--case", caseId, "--on", "2024-05-02", "--reporter", "4"));
        var mother = LastLine(Ok("case", "person", "add", caseId, "--role", "parent", "--name", "Mona Nordmann", "--fnr", MotherFnr,
            "--address", "Storgata 1, 4601 Kristiansand", "--parental-responsibility"));
        Ok("case", "person", "add", caseId, "--role", "child", "--address", "Fjordveien 3, 4601 Kristiansand", "--protection", "strictly-confidential");
        var reporter = LastLine(Ok("case", "person", "add", caseId, "--role", "reporter", "--name", "Randi Nabodatter", "--report", report, "--anonymous"));

        // Bad input names the field and stores nothing (exit 2).
        var bad = VernProcess.Run(Db, "case", "person", "add", caseId, "--role", "parent", "--name", "Per", "--fnr", "12345678901");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--fnr", bad.Out + bad.Err, StringComparison.Ordinal);
        Assert.Equal(2, VernProcess.Run(Db, "case", "person", "add", caseId, "--role", "reporter", "--name", "Ola").Exit); // a reporter needs --report
        Assert.Equal(3, Ok("case", "person", "list", caseId).Split('\n').Count(l => l.Contains("forelder", StringComparison.Ordinal) || l.Contains("melder", StringComparison.Ordinal) || l.Contains("barnet", StringComparison.Ordinal)));

        var html = Path.Combine(Dir, "innsyn.html");
        Ok("case", "innsyn", caseId, "--party", mother, "--out", html, "--purpose", "krav om innsyn");
        var page = File.ReadAllText(html);
        Assert.Contains(MotherFnr, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Randi", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Nabodatter", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Fjordveien", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Andre privatpersoner", page, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 19 andre ledd bokstav b", page, StringComparison.Ordinal);

        var pdf = Path.Combine(Dir, "innsyn.pdf");
        Ok("case", "innsyn", caseId, "--party", mother, "--out", pdf);
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);

        // Refused: not a party (2), a file type other than PDF or HTML (2), an auditor (7).
        Assert.Equal(2, VernProcess.Run(Db, "case", "innsyn", caseId, "--party", reporter, "--out", Path.Combine(Dir, "x.html")).Exit);
        Assert.Equal(2, VernProcess.Run(Db, "case", "innsyn", caseId, "--party", mother, "--out", Path.Combine(Dir, "x.txt")).Exit);
        Assert.Equal(7, VernProcess.Run(Db, "case", "innsyn", caseId, "--party", mother, "--out", Path.Combine(Dir, "y.html"), "--as", "tilsyn", "--purpose", "tilsyn").Exit);
        Assert.False(File.Exists(Path.Combine(Dir, "x.html")));
        Assert.Equal(2, VernProcess.Run(Db, "case", "access", caseId, "--out", Path.Combine(Dir, "z.html")).Exit); // --out only with --for-party

        var access = Path.Combine(Dir, "tilgang.html");
        Ok("case", "access", caseId, "--for-party", "--party", mother, "--out", access);
        var log = File.ReadAllText(access);
        Assert.Contains("Laget en innsynskopi til en part", log, StringComparison.Ordinal);
        Assert.Contains("leder, barnevernstjenesten i kommune 4601", log, StringComparison.Ordinal);
        Assert.Contains("krav om innsyn", log, StringComparison.Ordinal);
        Assert.Contains("Forsøk avvist", log, StringComparison.Ordinal);
        Assert.DoesNotContain("CLI Test", log, StringComparison.Ordinal); // no staff names by default

        Ok("case", "access-names", "--municipality", "4601", "--show", "true", "--as", "admin");
        Ok("case", "access", caseId, "--for-party", "--out", access);
        Assert.Contains("CLI Test", File.ReadAllText(access), StringComparison.Ordinal);
    }
}
