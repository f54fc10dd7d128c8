namespace Vern.Cli.Tests;

/// <summary>The glue between the two halves of issue 21: a referral offered and started as a stay on Bufetat's side, sent back
/// through the Fiks message files, and billed on the municipality's side by <c>vern invoice</c> from the stored stays.</summary>
public sealed class FinanceGlueCliTests : CliTest
{
    [Fact]
    [Trait("Rule", "Menon 2023 (seed 002) tabell 5-2 (2023); delmåned pro rata")]
    public void Invoice_FromStoredStays_BillsTheStateSidesStay()
    {
        Prepare();
        var bufetat = Path.Combine(Dir, "bufetat.db");
        VernProcess.Prepare(bufetat);
        Assert.Equal(0, VernProcess.Run(bufetat, "user", "add", "--as", "admin", "--id", "inntak", "--name", "Inntak Vest", "--role", "bufetat-intake", "--region", "Vest").Exit);
        var toBufetat = Path.Combine(Dir, "til-bufetat");
        var toMunicipality = Path.Combine(Dir, "til-kommunen");
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2023/3", "--opened", "2023-02-01", "--birth-date", "2010-06-01",
            "--sex", "Male", "--given-name", "Ola", "--family-name", "Nordmann"));
        var referral = LastLine(Ok("referral", "send", "--case", caseId, "--measure", "institution-care", "--needs", "Trenger omsorgsinstitusjon.",
            "--desired-start", "2023-03-15", "--sent-on", "2023-03-01"));
        Ok("referral", "export-messages", "--out", toBufetat);
        string B(params string[] args)
        {
            var (exit, stdout, stderr) = VernProcess.Run(bufetat, [.. args, "--as", "inntak"]);
            Assert.True(exit == 0, $"vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
            return stdout;
        }
        B("referral", "import-messages", toBufetat);
        B("bufetat", "offer", referral, "--on", "2023-03-05", "--place", "Fjordtun", "--start-on", "2023-03-15");
        B("bufetat", "stay", "start", referral, "--on", "2023-03-15");
        B("referral", "export-messages", "--out", toMunicipality);
        Ok("referral", "import-messages", toMunicipality);

        var output = Path.Combine(Dir, "mars.csv");
        Ok("invoice", "--month", "2023-03", "--out", output);
        var line = Assert.Single(File.ReadAllLines(output)[1..]);
        // 15–31 March 2023: 175 000 × 17/31
        Assert.StartsWith("4601;2023-03;", line, StringComparison.Ordinal);
        Assert.EndsWith(";institution;2023-03-15;2023-03-31;17;31;ordinary;175000.00;95967.74;252", line, StringComparison.Ordinal);
    }
}
