using Microsoft.Data.Sqlite;

namespace Vern.Cli.Tests;

/// <summary>Issue 21, "must show": the full referral → offer → placement → monthly invoice path on the demo data, end to end,
/// between two databases – the demo municipality's (7777, made by <c>vern demo</c>) and a Bufetat region's – that talk only
/// through folders of files, each step a real <c>vern</c> process. The Fiks message files carry the referral, the offer
/// (tilsagn) and the placement (saksbehandlerkvittering «plassert»); the co-payment invoice, which no Fiks message type carries
/// (`shared/reference/bufdir-fiks/meldingstyper.json`), goes as Vern's own invoice file (docs/finance.md). Rates: rundskriv 2022
/// (institution 170 000 kr, parent-child centre residential 71 000 kr per month; the family rule: two parents and two children
/// pay 1 + ½ + ½ = 2 rates).</summary>
public sealed class StateInvoiceCliTests : CliTest
{
    private static (string Case, string Child)[] DemoCases(string db, int count)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        // Demo cases of 7777 open on 1 September 2022 (the referrals' date); the child's identifier to check it never leaves as a key.
        cmd.CommandText = """
            SELECT case_id, coalesce(json_extract(state, '$.child.identifier'), '') FROM cases
            WHERE municipality = '7777' AND json_extract(state, '$.openedOn') <= '2022-08-15'
              AND (json_extract(state, '$.closedOn') IS NULL OR json_extract(state, '$.closedOn') > '2022-12-31')
              AND journal_number NOT LIKE 'DUP/%'
            ORDER BY journal_number LIMIT $n
            """;
        cmd.Parameters.AddWithValue("$n", count);
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read())
            list.Add((r.GetString(0), r.GetString(1)));
        Assert.True(list.Count == count, $"the demo has {list.Count} open cases of 7777 from before September 2022");
        return [.. list];
    }

    private static long Rows(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    [Trait("Rule", "Issue 21 must show: referral → offer → placement → monthly invoice between two databases, on the demo data")]
    public void ReferralToInvoice_OnTheDemo_BetweenTheMunicipalityAndBufetat_ThroughFiles()
    {
        // The municipality: the demo (its cases from 2022; its own demo invoices are 2023's, so 2022's months are free).
        Ok("demo", "--to", "2024-12-31", "--years", "3");
        VernProcess.Prepare(Db, "7777", admin: "admin-7777");
        // Bufetat region Øst (7777's region): its own database.
        var bufetat = Path.Combine(Dir, "bufetat.db");
        VernProcess.Prepare(bufetat);
        Assert.Equal(0, VernProcess.Run(bufetat, "user", "add", "--as", "admin", "--id", "inntak-ost", "--name", "Inntak Øst", "--role", "bufetat-intake", "--region", "Øst").Exit);
        string B(params string[] args)
        {
            var (exit, stdout, stderr) = VernProcess.Run(bufetat, [.. args, "--as", "inntak-ost"]);
            Assert.True(exit == 0, $"bufetat: vern {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
            return stdout;
        }
        var toBufetat = Path.Combine(Dir, "til-bufetat");
        var toMunicipality = Path.Combine(Dir, "til-kommunen");
        var cases = DemoCases(Db, 2);

        // 1. Referrals from two demo cases: an institution, and a parent-child centre stay for two parents and two children.
        var institution = LastLine(Ok("referral", "send", "--case", cases[0].Case, "--measure", "institution-care", "--needs", "Trenger omsorgsinstitusjon.",
            "--desired-start", "2022-09-10", "--sent-on", "2022-09-01", "--region", "Øst"));
        var centre = LastLine(Ok("referral", "send", "--case", cases[1].Case, "--measure", "parent-child-centre-residential", "--centre-purpose", "assessment",
            "--needs", "Utredning av foreldreferdigheter.", "--desired-start", "2022-09-12", "--sent-on", "2022-09-01", "--region", "Øst", "--parents", "2", "--children", "2"));
        Ok("referral", "export-messages", "--out", toBufetat);

        // 2. Bufetat receives them, offers, places; the family size came with the henvisning.
        var received = B("referral", "import-messages", toBufetat);
        Assert.Equal(2, received.Split('\n').Count(l => l.Contains("henvisning → mottatt", StringComparison.Ordinal)));
        B("bufetat", "offer", institution, "--on", "2022-09-05", "--place", "Fjordtun", "--start-on", "2022-09-10");
        B("bufetat", "stay", "start", institution, "--on", "2022-09-10");
        B("bufetat", "offer", centre, "--on", "2022-09-06", "--place", "Senteret", "--start-on", "2022-09-12");
        B("bufetat", "stay", "start", centre, "--on", "2022-09-12");
        B("referral", "export-messages", "--out", toMunicipality);

        // 3. Bufetat issues September's and October's invoices for 7777 and writes them as files beside the messages.
        B("invoice", "--store", "--month", "2022-09", "--out", Path.Combine(Dir, "b-2022-09.csv"));
        B("invoice", "--store", "--month", "2022-10", "--out", Path.Combine(Dir, "b-2022-10.csv"));
        var exported = B("invoice", "export", "--out", toMunicipality);
        Assert.Contains("7777-2022-09-1.faktura.json", exported, StringComparison.Ordinal);

        // 4. The municipality imports the messages (the Fiks import leaves the invoice files alone) and then the invoices.
        var messages = Ok("referral", "import-messages", toMunicipality);
        Assert.Equal(2, messages.Split('\n').Count(l => l.Contains("tilsagn → mottatt", StringComparison.Ordinal)));
        Assert.DoesNotContain("faktura", messages, StringComparison.Ordinal);
        Assert.Contains("plassert", Ok("referral", "show", institution), StringComparison.Ordinal);
        var before = Rows(Db, "SELECT count(*) FROM finance_invoices WHERE year = 2022");
        Assert.Equal(0, before);
        var imported = Ok("invoice", "import", toMunicipality);
        Assert.Contains("7777-2022-09-1.faktura.json: mottatt", imported, StringComparison.Ordinal);
        Assert.Contains("7777-2022-10-1.faktura.json: mottatt", imported, StringComparison.Ordinal);
        Assert.Equal(2, Rows(Db, "SELECT count(*) FROM finance_invoices WHERE year = 2022"));

        // The leader reads the received invoice: September = institution 170 000 × 21/30 + centre 71 000 × 2 × 19/30.
        var csvFile = Path.Combine(Dir, "m-2022-09.csv");
        Ok("invoice", "list", "--month", "2022-09", "--out", csvFile);
        var csv = File.ReadAllLines(csvFile);
        var rows = csv.Skip(1).Select(l => l.Split(';')).ToList();
        var institutionRow = Assert.Single(rows, r => r[5] == "henvisning:" + institution);
        Assert.Equal("119000.00", institutionRow[13]);   // 170 000 × 21/30
        var centreRow = Assert.Single(rows, r => r[5] == "henvisning:" + centre);
        Assert.Equal("89933.33", centreRow[13]);         // 71 000 × 2 × 19/30 = 89 933.33
        Assert.Equal("2.0", centreRow[15]);              // family factor: 2 parents + 2 children
        Assert.Equal("bufetat:Øst", centreRow[16]);
        // The child is named by its referral, never by a person key (fødselsnummer), on Bufetat's and the municipality's files.
        foreach (var (_, child) in cases.Where(c => c.Child.Length > 0))
        {
            Assert.DoesNotContain(child, File.ReadAllText(csvFile), StringComparison.Ordinal);
            Assert.DoesNotContain(child, File.ReadAllText(Path.Combine(toMunicipality, "7777-2022-09-1.faktura.json")), StringComparison.Ordinal);
        }

        // 5. Idempotent: the same files again store nothing.
        var again = Ok("invoice", "import", toMunicipality);
        Assert.Contains("7777-2022-09-1.faktura.json: duplikat", again, StringComparison.Ordinal);
        Assert.Equal(2, Rows(Db, "SELECT count(*) FROM finance_invoices WHERE year = 2022"));

        // 6. A correction: the institution stay ends on 15 October; Bufetat re-issues October (a credit note and a new invoice);
        // the municipality receives both, and the invoice in force is the new one.
        B("bufetat", "stay", "end", institution, "--on", "2022-10-15");
        B("invoice", "--store", "--month", "2022-10", "--out", Path.Combine(Dir, "b-2022-10b.csv"));
        B("invoice", "export", "--out", toMunicipality, "--month", "2022-10");
        var corrected = Ok("invoice", "import", toMunicipality);
        Assert.Contains("7777-2022-10-2.faktura.json: mottatt", corrected, StringComparison.Ordinal);
        Assert.Contains("7777-2022-10-3.faktura.json: mottatt", corrected, StringComparison.Ordinal);
        Assert.Equal(4, Rows(Db, "SELECT count(*) FROM finance_invoices WHERE year = 2022"));
        // October in force: institution 170 000 × 15/31 = 82 258.06 + centre 71 000 × 2 = 142 000.
        Assert.Contains("224 258,06 kr", Ok("invoice", "list", "--month", "2022-10"), StringComparison.Ordinal);

        // 7. A refused file stores nothing: a tampered total, and an invoice for another municipality's referral.
        var bad = Path.Combine(Dir, "feil");
        Directory.CreateDirectory(bad);
        var tampered = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(toMunicipality, "7777-2022-09-1.faktura.json")))!;
        tampered["document"]!["number"] = "7777-2022-09-9";
        tampered["document"]!["total"] = 1m;
        File.WriteAllText(Path.Combine(bad, "7777-2022-09-9.faktura.json"), tampered.ToJsonString());
        var foreign = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(toMunicipality, "7777-2022-09-1.faktura.json")))!;
        foreign["document"]!["number"] = "7777-2022-09-8";
        foreign["document"]!["lines"]![0]!["childRef"] = "henvisning:" + Guid.NewGuid();
        File.WriteAllText(Path.Combine(bad, "7777-2022-09-8.faktura.json"), foreign.ToJsonString());
        var (exit, stdout, _) = VernProcess.Run(Db, "invoice", "import", bad);
        Assert.Equal(1, exit);
        Assert.Contains("feil:", stdout, StringComparison.Ordinal);
        Assert.Contains("7777-2022-09-9.faktura.json: feil: total:", stdout, StringComparison.Ordinal);
        Assert.Contains("7777-2022-09-8.faktura.json: feil: lines[0].childRef:", stdout, StringComparison.Ordinal);
        Assert.Contains("Ingenting ble lagret", stdout, StringComparison.Ordinal);
        Assert.Equal(4, Rows(Db, "SELECT count(*) FROM finance_invoices WHERE year = 2022"));
        // Append-only: the received invoice cannot be edited by SQL either.
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE finance_invoices SET total = '0' WHERE number = '7777-2022-09-1'";
            Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
        }
    }
}
