using Microsoft.Data.Sqlite;

namespace Vern.Cli.Tests;

/// <summary><c>vern verify</c> end to end (issue 15, tamper evidence): someone with the database file drops the append-only
/// trigger and edits one event with plain SQL; verify exits non-zero and names the case and the version.</summary>
public sealed class VerifyCliTests : CliTest
{
    public VerifyCliTests() => Prepare();

    [Fact]
    public void Verify_EventEditedWithPlainSql_ExitsOneNamingTheCaseAndVersion()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/5", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        Ok("case", "record", "report", "--case", caseId, "--on", "2024-01-10", "--reporter", "11", "--content", "8");
        var other = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/6", "--opened", "2024-01-11", "--birth-date", "2016-03-14", "--sex", "Male"));
        var clean = VernProcess.Run(Db, "verify");
        Assert.True(clean.Exit == 0, clean.Out + clean.Err);
        Assert.Contains("ingen avvik", clean.Out, StringComparison.Ordinal);

        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"DROP TRIGGER events_append_only_update; UPDATE events SET data = replace(data, '\"11\"', '\"12\"') WHERE case_id = '{caseId}' AND version = 2;";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        var (exit, stdout, _) = VernProcess.Run(Db, "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"sak {caseId} versjon 2", stdout, StringComparison.Ordinal);
        Assert.Contains("HashMismatch", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(other, stdout, StringComparison.Ordinal);
    }
}
