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

    /// <summary>Issue 15: <c>vern verify</c> acts as a user with its own policy row (Operation.Verify: administrator, auditor with a
    /// purpose, the service's leader) and is logged; a caseworker is refused (exit 7) and the refusal is logged. The timeline shows
    /// the role each event was recorded in (new events; «ukjent» for events stored before roles were recorded).</summary>
    [Fact]
    public void Verify_AsAdministrator_IsLogged_AsCaseworker_IsRefusedAndLogged_AndTheTimelineShowsTheRole()
    {
        var caseId = LastLine(Ok("case", "open", "--municipality", "4601", "--journal", "2024/7", "--opened", "2024-01-10", "--birth-date", "2015-03-14", "--sex", "Female"));
        Ok("user", "add", "--as", "admin", "--id", "sb-test", "--name", "Saksbehandler", "--role", "caseworker", "--municipality", "4601");
        Ok("user", "add", "--as", "admin", "--id", "tilsyn-test", "--name", "Tilsyn", "--role", "auditor", "--municipality", "4601");

        Assert.Contains("ingen avvik", Ok("verify", "--as", "admin"), StringComparison.Ordinal);
        var refused = VernProcess.Run(Db, "verify", "--as", "sb-test");
        Assert.Equal(7, refused.Exit);
        Assert.Equal(7, VernProcess.Run(Db, "verify", "--as", "tilsyn-test").Exit);                 // the auditor must state a purpose
        Assert.Contains("ingen avvik", Ok("verify", "--as", "tilsyn-test", "--purpose", "tilsyn 2024"), StringComparison.Ordinal);
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False;Mode=ReadOnly"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT actor_id || ' ' || role || ' ' || outcome || ' ' || purpose FROM access_log WHERE operation = 'verify' ORDER BY position";
            var rows = new List<string>();
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                    rows.Add(r.GetString(0));
            Assert.Equal(["admin administrator allowed ", "sb-test caseworker denied ", "tilsyn-test auditor denied ", "tilsyn-test auditor allowed tilsyn 2024"], rows);
            cmd.CommandText = $"SELECT recorded_by || ' ' || recorded_role FROM events WHERE case_id = '{caseId}' AND version = 1";
            Assert.Equal("cli-test leader", cmd.ExecuteScalar());
        }
        Assert.Contains("cli-test (leder)", Ok("case", "show", caseId), StringComparison.Ordinal);
    }
}
