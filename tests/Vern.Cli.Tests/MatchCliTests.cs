namespace Vern.Cli.Tests;

/// <summary><c>vern child …</c> and the candidates printed by <c>vern case open</c> (issue 18 part 2), through the real
/// program and a real database file.</summary>
public sealed class MatchCliTests : CliTest
{
    public MatchCliTests() => Prepare();

    private string Open(string journal, string given, string family, string birth) =>
        Ok("case", "open", "--municipality", "4601", "--journal", journal, "--opened", "2024-01-10", "--birth-date", birth, "--sex", "Male",
            "--given-name", given, "--family-name", family);

    [Fact]
    public void OpeningADuplicate_PrintsTheCandidate_AndADismissedPairNeverComesBack()
    {
        var first = LastLine(Open("2024/1", "Kristian", "Hansen", "2015-03-12"));
        var output = Open("2024/2", "Christian", "Hanssen", "2015-12-03");
        var second = LastLine(output);
        Assert.Contains("1 mulig(e) dublett(er)", output, StringComparison.Ordinal);
        Assert.Contains(first, output, StringComparison.Ordinal);
        Assert.Contains("Fødselsdatoen med dag og måned byttet om (03.12.2015 og 12.03.2015)", output, StringComparison.Ordinal);

        Assert.Contains("Fornavn i ulik stavemåte («Kristian» og «Christian»)", Ok("child", "candidates", first), StringComparison.Ordinal);
        Assert.Contains(first, Ok("child", "candidates", "--given-name", "Kristian", "--family-name", "Hansen", "--birth-date", "2015-03-12"), StringComparison.Ordinal);

        // A decision needs a reason and two different cases; refused input stores nothing (exit 2).
        Assert.Equal(2, VernProcess.Run(Db, "child", "dismiss", first, second).Exit);
        Assert.Equal(2, VernProcess.Run(Db, "child", "dismiss", first, first, "--reason", "x").Exit);
        Ok("child", "dismiss", first, second, "--reason", "Ulike barn: sjekket mot folkeregisteret.");
        Assert.Contains("Ingen mulige dubletter", Ok("child", "candidates", second), StringComparison.Ordinal);
        var decisions = Ok("child", "decisions", first);
        Assert.Contains("avvist", decisions, StringComparison.Ordinal);
        Assert.Contains("cli-test", decisions, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherMunicipality_IsRefused_WithExitCode7()
    {
        var (exit, _, stderr) = VernProcess.Run(Db, "child", "candidates", "--municipality", "4602", "--fnr", "12031550147");
        Assert.Equal(7, exit);
        Assert.Contains("ingen ser barn i en annen kommune", stderr, StringComparison.Ordinal);
    }
}
