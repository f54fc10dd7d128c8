namespace Vern.Intake.Tests;

/// <summary>The intake's commands through the real <c>vern</c> program.</summary>
public sealed class IntakeCliTests
{
    [Fact]
    [Trait("Issue", "18")]
    public async Task Import_MovesEachFileToDoneOnlyAfterItIsStored_ARefusedFileStays_AResentFileIsNotStoredTwice()
    {
        using var f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        var drop = Path.Combine(f.Dir, "drop");
        Directory.CreateDirectory(drop);
        File.WriteAllText(Path.Combine(drop, "a.json"), IntakeFixture.Report("f-1"));
        File.WriteAllText(Path.Combine(drop, "b.json"), IntakeFixture.Report("f-2", child: false));

        var (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "leder", "intake", "import", drop, "--sender", "skannet-post");
        Assert.True(exit == 2, stdout + stderr); // one refused
        Assert.True(File.Exists(Path.Combine(drop, "done", "a.json")));
        Assert.True(File.Exists(Path.Combine(drop, "b.json")));
        Assert.Contains("child", stdout, StringComparison.Ordinal);

        // The same file again (a crash before the move would leave it): the same receipt, nothing stored twice.
        File.Copy(Path.Combine(drop, "done", "a.json"), Path.Combine(drop, "a.json"));
        File.Delete(Path.Combine(drop, "b.json"));
        (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "leder", "intake", "import", drop, "--sender", "skannet-post");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("mottatt før", stdout, StringComparison.Ordinal);
        Assert.Equal(1, f.Count("SELECT count(*) FROM intake_reports"));

        (exit, stdout, _) = VernProcess.Run(f.DbPath, "leder", "intake", "inbox");
        Assert.Equal(0, exit);
        Assert.Contains("skannet", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = VernProcess.Run(f.DbPath, "leder", "intake", "reconcile");
        Assert.Equal(1, exit); // one difference: the report waits in the inbox
        Assert.Contains("AVVIK Waiting", stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Issue", "16")]
    public async Task Token_CreateListRevoke_TheSecretIsShownOnceAndNeverListed()
    {
        using var f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        var (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "admin-a", "token", "create", "--system", "politiet-ost", "--municipality", "4601");
        Assert.True(exit == 0, stdout + stderr);
        var secret = stdout.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("vern_", secret, StringComparison.Ordinal);
        (exit, stdout, _) = VernProcess.Run(f.DbPath, "admin-a", "token", "list");
        Assert.Equal(0, exit);
        Assert.Contains("politiet-ost", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stdout, StringComparison.Ordinal);
        var id = (await f.App.ListAccessTokensAsync(await f.As("admin-a"))).Single(t => t.Name == "politiet-ost").Id;
        Assert.Equal(0, VernProcess.Run(f.DbPath, "admin-a", "token", "revoke", id.ToString()).Exit);
        Assert.Null(await f.App.AuthenticateTokenAsync(secret));
        Assert.Equal(7, VernProcess.Run(f.DbPath, "leder", "token", "create", "--system", "x", "--municipality", "4601").Exit); // only administrators
    }

    /// <summary>Issue 15: `vern intake route RECEIPT --bydel NN` by the municipality's reception moves a report to a bydel's inbox
    /// (who, when, from, to kept); the bydel sees it in `vern intake inbox`, the other bydel does not and may not route it (exit 7,
    /// logged), and a bydel that is not two digits is refused naming the field.</summary>
    [Fact]
    [Trait("Issue", "15")]
    public async Task Route_MovesAReportToABydelsInbox_TheOtherBydelNeitherSeesNorRoutesIt()
    {
        using var f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        var root = await f.As("admin");
        await f.App.AddUserAsync(root, "sb-01", "Bydel En", Vern.Domain.Access.Role.Caseworker, IntakeFixture.Municipality, bydel: "01");
        await f.App.AddUserAsync(root, "sb-02", "Bydel To", Vern.Domain.Access.Role.Caseworker, IntakeFixture.Municipality, bydel: "02");
        var receipt = (await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-ruting"))).ReceiptId.ToString();

        var (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "leder", "intake", "route", receipt, "--bydel", "1");
        Assert.True(exit == 2, stdout + stderr);
        Assert.Contains("vern.bydel.invalid", stdout + stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "leder", "intake", "route", receipt, "--bydel", "01");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Matches(@"videresendt fra kommunens\s+mottak til\s+bydel 01", stdout); // the console may wrap the line

        (exit, stdout, _) = VernProcess.Run(f.DbPath, "sb-01", "intake", "inbox");
        Assert.Equal(0, exit);
        Assert.Contains("1 meldinger", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = VernProcess.Run(f.DbPath, "sb-02", "intake", "inbox");
        Assert.Equal(0, exit);
        Assert.Contains("0 meldinger", stdout, StringComparison.Ordinal);
        (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "sb-02", "intake", "route", receipt, "--bydel", "02");
        Assert.True(exit == 7, stdout + stderr);
        Assert.Equal(7, VernProcess.Run(f.DbPath, "sb-02", "intake", "show", receipt).Exit);

        (exit, stdout, _) = VernProcess.Run(f.DbPath, "sb-01", "intake", "show", receipt);
        Assert.Equal(0, exit);
        Assert.Contains("av leder: kommunens mottak → bydel 01", stdout, StringComparison.Ordinal);
        var denied = (await f.App.ReadAllAccessForTestsAsync("sb-02")).Where(e => e.Outcome == Vern.Storage.AccessEntry.Denied).Select(e => e.Operation);
        Assert.Equal(new[] { "intake route", "intake inbox" }, denied);
    }

    /// <summary>Issue 18 part 2 at the intake: before a person picks a new or an existing case, `vern intake show` lists the
    /// service's cases whose child may be the reported one (score and reasons), and `register --new-case` lists them again.</summary>
    [Fact]
    [Trait("Issue", "18")]
    public async Task Show_ListsTheReportedChildsCandidates_BeforeACaseIsPicked()
    {
        using var f = await new IntakeFixture(DateTimeOffset.UtcNow).SeedAsync();
        var leader = await f.As("leder");
        var existing = await f.App.OpenCaseAsync(leader, new Vern.Domain.Cases.OpenCase(IntakeFixture.Municipality, "2025-0007", new DateOnly(2025, 1, 6),
            new Vern.Domain.Cases.ChildInput(null, new DateOnly(2015, 3, 2), Vern.Domain.People.Sex.Female, GivenName: "Nora", FamilyName: "Hansen")));
        var receipt = await f.App.ReceiveReportAsync(f.Sender, IntakeFixture.Report("m-9"));

        var (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "leder", "intake", "show", receipt.ReceiptId.ToString());
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Mulige dubletter: barnet kan ha sak fra før (1)", stdout, StringComparison.Ordinal);
        Assert.Contains($"sak {existing.State.Id} (2025-0007): Nora Hansen", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = VernProcess.Run(f.DbPath, "leder", "intake", "register", receipt.ReceiptId.ToString(), "--new-case");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Mulige dubletter", stdout, StringComparison.Ordinal);
        Assert.Contains("Registreres likevel som ny sak", stdout, StringComparison.Ordinal);
    }
}
