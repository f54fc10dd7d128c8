namespace Vern.Cli.Tests;

/// <summary>Issue 15, the bydel gap, through the real program: Oslo's bydeler are separate child welfare services
/// (Barnevern_v4.xsd Avgiver/@Bydelsnummer: "2-sifret bydelsnummer. Benyttes kun for kommuner med bydeler"). A user whose
/// service is a bydel sees and acts on only that bydel's cases; a user of the whole municipality sees every bydel's.</summary>
public sealed class BydelCliTests : CliTest
{
    [Fact]
    public void ABydelsLeader_SeesOnlyTheBydelsCases_AnotherBydelIsRefusedAndLogged_TheMunicipalitySeesAll()
    {
        Prepare(municipality: "0301");
        Ok("user", "add", "--as", "admin", "--id", "leder-01", "--name", "Leder Gamle Oslo", "--role", "leader", "--municipality", "0301", "--bydel", "01");
        Ok("user", "add", "--as", "admin", "--id", "leder-02", "--name", "Leder Grünerløkka", "--role", "leader", "--municipality", "0301", "--bydel", "02");

        // Opened by bydel 01's leader: the case is bydel 01's without saying so.
        var opened = Ok("case", "open", "--as", "leder-01", "--municipality", "0301", "--journal", "B01/1", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female");
        Assert.Contains("bydel 01", opened, StringComparison.Ordinal);
        var id = LastLine(opened);
        // Bydel 02's leader cannot open a case in bydel 01 (refused, exit 7) …
        var (exit, _, err) = VernProcess.Run(Db, "case", "open", "--as", "leder-02", "--municipality", "0301", "--journal", "B01/2", "--opened", "2024-01-10",
            "--birth-date", "2015-03-14", "--sex", "Female", "--bydel", "01");
        Assert.Equal(7, exit);
        Assert.Contains("bydel 01", err, StringComparison.Ordinal);

        // … does not see it in a listing, and is refused it by id; both are in the access log.
        Assert.DoesNotContain("B01/1", Ok("case", "list", "--as", "leder-02"), StringComparison.Ordinal);
        (exit, _, err) = VernProcess.Run(Db, "case", "show", id, "--as", "leder-02");
        Assert.Equal(7, exit);
        Assert.Contains("en bydels barneverntjeneste ser bare barn i sin egen bydel", err, StringComparison.Ordinal);
        Assert.Contains("B01/1", Ok("case", "list", "--as", "leder-01"), StringComparison.Ordinal);

        // cli-test leads the whole municipality (no --bydel): every bydel's cases; and sees leder-02's refused read.
        Assert.Contains("B01/1", Ok("case", "list"), StringComparison.Ordinal);
        var access = Ok("case", "access", id);
        Assert.Contains("leder-02", access, StringComparison.Ordinal);

        // A bydel's administrator cannot make a user of the whole municipality (who would see every bydel).
        Ok("user", "add", "--as", "admin", "--id", "admin-01", "--name", "Admin 01", "--role", "administrator", "--municipality", "0301", "--bydel", "01");
        (exit, _, err) = VernProcess.Run(Db, "user", "add", "--as", "admin-01", "--id", "ny", "--name", "Ny", "--role", "leader", "--municipality", "0301");
        Assert.Equal(7, exit);
        Assert.Contains("bydel 01", err, StringComparison.Ordinal);
    }
}
