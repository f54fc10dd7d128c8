using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Register.Import;
using Vern.Register.Model;
using Vern.Register.Tests.Export;
using static Vern.Register.Tests.Controls.ControlCaseBuilder;

namespace Vern.Register.Tests.Import;

/// <summary>What entry refuses against what import refuses (issue 13's judgement calls, settled by SSB's text, issue 14 § 1):
/// a caseworker entering a fact meets Vern's own rules, which may be stricter than SSB's controls; a register file that SSB
/// accepts (valid against the XSD, no ERROR or FATAL finding) imports.</summary>
public class EntryVersusImportTests
{
    // Born 2000-03-01: 25 on 2025-03-01. Born before 2000 would fail SSB's Sak kontroll 1 (ERROR) in reporting year 2026.
    private static readonly DateOnly Adult = D(2000, 3, 1);

    /// <summary>The control table's case moved to a client born 2000-03-01 (DDMMÅÅ + 00100, a boy): opened 2025-06-01, after
    /// the 25th birthday, with a report, an investigation and a help measure (råd og veiledning, BVL2021 § 3-1: not a care
    /// measure, which Tiltak Kontroll 13 forbids after 18), open at DatoUttrekk 2026-01-15.</summary>
    private static RegisterCase OpenedAfter25
    {
        get
        {
            var help = new Lovhjemmel("BVL2021", "3", "1", ["1"], [], []);
            return Case with
            {
                StartDato = D(2025, 6, 1),
                Personalia = [Case.Personalia[0] with { StartDato = D(2025, 6, 1), Fodselsnummer = Special(Adult, "00100"), Fodseldato = Adult, Kjonn = "1" }],
                Melding = [Case.Melding[0] with { StartDato = D(2025, 6, 2), Konklusjon = new MeldingKonklusjon(D(2025, 6, 5), "2") }],
                Undersokelse = [Case.Undersokelse[0] with { StartDato = D(2025, 6, 6), Konklusjon = new UndersokelseKonklusjon(D(2025, 8, 1), "1") }],
                Vedtak = [Case.Vedtak[0] with { StartDato = D(2025, 9, 1), Lovhjemmel = help, Status = [new VedtakStatus(OtherId, D(2025, 9, 1), "1")] }],
                Tiltak = [Case.Tiltak[0] with { StartDato = D(2025, 9, 1), Lovhjemmel = help, Kategori = new Kategori("3.9") }],
                Plan = [Case.Plan[0] with { StartDato = D(2025, 9, 15) }],
            };
        }
    }

    [Fact]
    [Trait("Rule", "Sak Kontroll 7")]
    public void Import_CaseOpenedAfterTheChildTurned25_SsbOnlyWarnsSoItImports()
    {
        // Kravspesifikasjon Sak Kontroll 7 ("Klient over 25 år og skal avsluttes i barnevernet") is a WARNING since the
        // 2022 version (versjonsinfo: "endret alvorlighetsgrad fra ERROR til WARNING"): SSB accepts the file.
        var xml = RegisterWriter.WriteToString(Header, OpenedAfter25);
        var findings = TestSupport.ValidateXml(xml).Issues;
        Assert.Contains(findings, i => i.Code == "Sak Kontroll 7" && i.Severity == Severity.Warning);
        Assert.DoesNotContain(findings, i => i.Severity >= Severity.Error);
        using var vern = new TempVern();
        File.WriteAllText(vern.PathOf("in.xml"), xml);

        var outcome = new RegisterImporter(vern.Cases, Fixtures.ReadOptions, "import", vern.Clock).ImportFile(vern.PathOf("in.xml"));

        Assert.True(outcome.Imported, TestSupport.Describe(outcome.Issues));
        Assert.Equal(Adult, vern.Store.LoadState(CaseId.Parse(SakId))!.Child.BirthDate);
    }

    [Fact]
    [Trait("Rule", RuleCodes.OpenedAfterAge25)]
    public void Entry_CaseOpenedAfterTheChildTurned25_RefusedAtEntry()
    {
        // The same fact entered by a caseworker: Vern refuses it (a child welfare case is not opened for an adult of 25;
        // barnevernsloven § 1-3 andre ledd: measures with consent until 25), naming the rule and storing nothing.
        using var vern = new TempVern();

        var e = Assert.Throws<DomainRuleException>(() => vern.Cases.ExecuteAll(CaseId.Parse(SakId),
            [new OpenCase("4601", "2025/1", D(2025, 6, 1), new ChildInput(null, Adult, Sex.Male))], "test"));

        Assert.Equal(RuleCodes.OpenedAfterAge25, Assert.Single(e.Issues).Code);
        Assert.Equal(0, vern.Store.CountEvents());
    }

    [Fact]
    [Trait("Rule", "Vedtak Kontroll 20")]
    public void Entry_RelationToAnElementTheCaseDoesNotHave_RefusedAtEntry()
    {
        // Import keeps a Relasjon whose OversendelseFylkesnemnd is missing from the file, because SSB only warns
        // (Kravspesifikasjon Vedtak Kontroll 20, «… finnes, men OversendelseFylkesnemnd mangler», WARNING; the round-trip
        // property test imports the control table's file and gets it back unchanged). A caseworker cannot make one.
        using var vern = new TempVern();
        var id = CaseId.Parse(SakId);
        vern.Cases.ExecuteAll(id, [new OpenCase("4601", "2025/1", D(2025, 6, 1), new ChildInput(null, D(2015, 3, 1), Sex.Female))], "test");
        var before = vern.Store.CountEvents();

        var e = Assert.Throws<DomainRuleException>(() => vern.Cases.ExecuteAll(id,
            [new RecordRelation(Guid.NewGuid(), new EntryId(Guid.NewGuid()), EntryKind.OversendelseFylkesnemnd, new EntryId(Guid.NewGuid()), EntryKind.Vedtak)], "test"));

        Assert.All(e.Issues, i => Assert.Equal(RuleCodes.EntryUnknown, i.Code));
        Assert.Equal(before, vern.Store.CountEvents());
    }

    [Theory]
    [Trait("Rule", "Undersøkelse Kontroll 2e")]
    [InlineData("investigation before its report", RuleCodes.InvestigationBeforeReport)]
    [InlineData("measure before its decision", RuleCodes.MeasureBeforeDecision)]
    public void Import_FactVernRefusesAtEntryButSsbAccepts_Imports(string what, string entryRule)
    {
        // Vern's own order rules (barnevernsloven § 2-2: the investigation follows the report; a measure follows its
        // decision) refuse at entry; SSB compares these dates with the case's start only (Undersøkelse/Tiltak Kontroll 2e),
        // so a file with them is accepted and imports.
        var sak = what.StartsWith("investigation", StringComparison.Ordinal)
            ? Und(u => u with { StartDato = D(2024, 1, 1) })
            : Tilt(t => t with { StartDato = D(2024, 3, 15) });
        var xml = RegisterWriter.WriteToString(Header, sak);
        Assert.DoesNotContain(TestSupport.ValidateXml(xml).Issues, i => i.Severity >= Severity.Error);
        using var vern = new TempVern();
        File.WriteAllText(vern.PathOf("in.xml"), xml);

        var outcome = new RegisterImporter(vern.Cases, Fixtures.ReadOptions, "import", vern.Clock).ImportFile(vern.PathOf("in.xml"));

        Assert.True(outcome.Imported, $"{what} ({entryRule}): {TestSupport.Describe(outcome.Issues)}");
    }

    [Fact]
    [Trait("Rule", "Sak kontroll 1")]
    public void Import_CaseOpenedBefore1993_SsbRefusesItTooSoImportMayRefuse()
    {
        // "Old histories": a date before 1 January of (reporting year − 26) is an ERROR at SSB (Sak kontroll 1). Barnevern_v4
        // is in force from 2022, so no file SSB accepts has a date before 1996-01-01, and Vern's refusal of a case opened
        // before the 1992 Act (1993-01-01) never refuses a file SSB accepts.
        var sak = Sak(c => c with { StartDato = D(1992, 6, 1) }) with { Personalia = [Case.Personalia[0] with { StartDato = D(1992, 6, 1), Fodseldato = D(1992, 1, 1), Fodselsnummer = Special(D(1992, 1, 1), "00100"), Kjonn = "1" }] };
        var xml = RegisterWriter.WriteToString(Header, sak);
        Assert.Contains(TestSupport.ValidateXml(xml).Issues, i => i.Code == "Sak kontroll 1" && i.Severity == Severity.Error);
        using var vern = new TempVern();
        File.WriteAllText(vern.PathOf("in.xml"), xml);

        var outcome = new RegisterImporter(vern.Cases, Fixtures.ReadOptions, "import", vern.Clock).ImportFile(vern.PathOf("in.xml"));

        Assert.False(outcome.Imported);
        Assert.Contains(outcome.Issues, i => i.Code == RuleCodes.BeforeEarliestAct);
        Assert.Equal(0, vern.Store.CountEvents());
    }
}
