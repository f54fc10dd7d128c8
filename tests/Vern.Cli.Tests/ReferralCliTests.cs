namespace Vern.Cli.Tests;

/// <summary>Referrals through the real <c>vern</c> program between two database files (a municipality's and Bufetat's) that talk
/// only through folders of Fiks message files (issue 21; `shared/reference/bufdir-fiks/meldingstyper.json`).</summary>
public sealed class ReferralCliTests : CliTest
{
    [Fact]
    public void Referral_offer_and_stay_between_two_databases_through_message_files()
    {
        Prepare();
        var bufetat = Path.Combine(Dir, "bufetat.db");
        VernProcess.Prepare(bufetat);
        Assert.Equal(0, VernProcess.Run(bufetat, "user", "add", "--as", "admin", "--id", "inntak", "--name", "Inntak Vest", "--role", "bufetat-intake", "--region", "Vest").Exit);
        var toBufetat = Path.Combine(Dir, "til-bufetat");
        var toMunicipality = Path.Combine(Dir, "til-kommunen");

        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/3", "--opened", "2024-02-01", "--birth-date", "2010-06-01",
            "--sex", "Male", "--given-name", "Ola", "--family-name", "Nordmann"));
        var referral = LastLine(Ok("referral", "send", "--case", caseId, "--measure", "institution-care", "--needs", "Trenger omsorgsinstitusjon.",
            "--desired-start", "2024-03-15", "--sent-on", "2024-03-01"));
        Assert.Contains("henvisning", Ok("referral", "export-messages", "--out", toBufetat), StringComparison.Ordinal);

        string B(params string[] args)
        {
            var (exit, stdout, stderr) = VernProcess.Run(bufetat, [.. args, "--as", "inntak"]);
            Assert.True(exit == 0, $"vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
            return stdout;
        }
        Assert.Contains("henvisning → mottatt", B("referral", "import-messages", toBufetat), StringComparison.Ordinal);
        Assert.Contains("henvisning → duplikat", B("referral", "import-messages", toBufetat), StringComparison.Ordinal); // idempotent on meldingId
        B("bufetat", "offer", referral, "--on", "2024-03-05", "--place", "Fjordtun", "--start-on", "2024-03-15");
        B("bufetat", "stay", "start", referral, "--on", "2024-03-15");
        // Bad input: a stay ending before it starts is refused (exit 2), naming the dates; nothing is stored.
        var (exit, stdout, _) = VernProcess.Run(bufetat, "bufetat", "stay", "end", referral, "--on", "2024-03-14", "--as", "inntak");
        Assert.Equal(2, exit);
        Assert.Contains("vern.state.stay.end-before-start", stdout, StringComparison.Ordinal);
        B("referral", "export-messages", "--out", toMunicipality);

        var imported = Ok("referral", "import-messages", toMunicipality);
        Assert.Contains("tilsagn → mottatt", imported, StringComparison.Ordinal);
        Assert.Contains("saksbehandlerkvittering → mottatt", imported, StringComparison.Ordinal);
        Assert.Contains("plassert", Ok("referral", "show", referral), StringComparison.Ordinal);
        Assert.Contains("institution-care", B("bufetat", "report", "stays", "--from", "2024-03-01", "--to", "2024-03-31", "--format", "json"), StringComparison.Ordinal);
    }
}
