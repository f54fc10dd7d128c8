using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Staff;
using Vern.Domain.Validation;
using Vern.Storage;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Staff;

/// <summary>Competence requirement: barnevernsloven § 15-6 (seed 003 kap. 5.2.2).</summary>
[Trait("Rule", "kompetansekrav")]
public class CapacityReportTests
{
    [Theory]
    [InlineData(Education.ChildWelfareMaster, 0, 0, true)]
    [InlineData(Education.OtherRelevantMaster, 0, 0, true)]
    [InlineData(Education.RelevantBachelor, 4, 30, true)]  // bachelor + 4 years + 30 study points
    [InlineData(Education.RelevantBachelor, 3, 30, false)] // one year short
    [InlineData(Education.RelevantBachelor, 4, 29, false)] // one study point short
    [InlineData(Education.None, 10, 60, false)]
    public void IsMet_EducationExperienceCredits(Education education, int years, int credits, bool expected) =>
        Assert.Equal(expected, CompetenceRequirement.IsMet(new StaffMember("x", "4601", "X", "saksbehandler", education, years, credits)));

    [Theory]
    [InlineData("2030-12-31", Severity.Warning)] // transition period
    [InlineData("2031-01-01", Severity.Error)]   // requirement binds
    public void Compute_CoreTaskAssignedToUnqualified_Warns(string asOf, Severity expected)
    {
        var cases = new[] { Case(caseworker: "sb1").WithReport(P(asOf).AddDays(-2)), Case(caseworker: "sb2").WithReport(P(asOf).AddDays(-1)) };
        var staff = new[]
        {
            new StaffMember("sb1", "4601", "Kari", "saksbehandler", Education.RelevantBachelor, 2, 0),
            new StaffMember("sb2", "4601", "Ola", "saksbehandler", Education.ChildWelfareMaster, FullTimeEquivalent: 0.5),
        };
        var report = CapacityReport.Compute("4601", P(asOf), cases, DeadlineEngine.OpenAll(cases, P(asOf), Book), staff);
        var w = Assert.Single(report.Warnings);
        Assert.Equal(CapacityReport.CompetenceCode, w.Code);
        Assert.Equal(expected, w.Severity);
        Assert.Equal("saksbehandler[sb1]", w.Path);
        Assert.Equal("barnevernsloven § 15-6", w.Source);
        Assert.Equal(2.0, report.Rows.Single(r => r.CaseworkerId == "sb2").CasesPerFte);
    }

    /// <summary>An employee's last day (sluttdato, migration 33): through it they count as before; from the day after they bring no
    /// årsverk and no competence figure, and cases still assigned to them are named as needing a new caseworker. Someone who left
    /// with nothing assigned is no row at all.</summary>
    [Theory]
    [InlineData("2024-01-03", false)] // the last day itself: still employed
    [InlineData("2024-01-02", true)]  // left the day before the report's date
    public void Compute_SomeoneWhoLeft_BringsNoÅrsverk_AndTheirCasesAreWarned(string lastDay, bool left)
    {
        var cases = new[] { Case(caseworker: "kari").WithReport(D(2024, 1, 1)), Case(caseworker: "kari").WithReport(D(2024, 1, 2)) };
        var staff = new[]
        {
            new StaffMember("kari", "4601", "Kari", "saksbehandler", Education.ChildWelfareMaster, LeftOn: DateOnly.Parse(lastDay)),
            new StaffMember("ola", "4601", "Ola", "saksbehandler", Education.ChildWelfareMaster, LeftOn: D(2023, 12, 31)),
        };
        var asOf = D(2024, 1, 3);
        var report = CapacityReport.Compute("4601", asOf, cases, DeadlineEngine.OpenAll(cases, asOf, Book), staff);

        Assert.Equal(["kari"], report.Rows.Select(r => r.CaseworkerId)); // Ola left with nothing assigned: no row
        var kari = report.Rows.Single();
        Assert.Equal(left, kari.Left);
        Assert.Equal(left ? 0.0 : 1.0, kari.FullTimeEquivalent);
        Assert.Equal(left ? null : 2.0, kari.CasesPerFte);
        Assert.Equal(left ? null : true, kari.MeetsCompetence);
        if (left)
        {
            var w = Assert.Single(report.Warnings);
            Assert.Equal(CapacityReport.LeftCode, w.Code);
            Assert.Equal("saksbehandler[kari]", w.Path);
            Assert.StartsWith("Kari sluttet 02.01.2024, men har fortsatt 2 åpne saker og ", w.Message, StringComparison.Ordinal);
            Assert.EndsWith("de må fordeles til en annen saksbehandler.", w.Message, StringComparison.Ordinal);
        }
        else
            Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Compute_UnknownAndUnassigned_AreWarned()
    {
        var cases = new[] { Case(caseworker: "ghost").WithReport(D(2024, 1, 1)), Case(caseworker: null).WithReport(D(2024, 1, 1)) };
        var report = CapacityReport.Compute("4601", D(2024, 1, 3), cases, DeadlineEngine.OpenAll(cases, D(2024, 1, 3), Book), []);
        Assert.Equal([CapacityReport.UnknownCaseworkerCode, CapacityReport.UnassignedCode], report.Warnings.Select(w => w.Code));
        // One case is «1 åpen sak», not «1 åpne saker» (bokmål: the singular only for one).
        // (The one report brings one duty: its review within a week, § 2-1.)
        Assert.Equal("1 åpen sak med 1 åpen oppgave (0 over fristen) har ingen saksbehandler.", report.Warnings[1].Message);
    }

    [Theory]
    [InlineData(true, "Sara Saksbehandler har 1 sak, men finnes ikke i ansattregisteret; kompetansen kan ikke kontrolleres.")]
    [InlineData(false, "sara har 1 sak, men finnes ikke i ansattregisteret; kompetansen kan ikke kontrolleres.")]
    public void Compute_UnknownCaseworker_NamedWhereTheNameIsKnown(bool nameKnown, string expected)
    {
        var cases = new[] { Case(caseworker: "sara").WithReport(D(2024, 1, 1)) };
        var names = nameKnown ? new Dictionary<string, string> { ["sara"] = "Sara Saksbehandler" } : null;
        var report = CapacityReport.Compute("4601", D(2024, 1, 3), cases, DeadlineEngine.OpenAll(cases, D(2024, 1, 3), Book), [], names);
        var w = Assert.Single(report.Warnings);
        Assert.Equal(expected, w.Message);
        Assert.Equal("saksbehandler[sara]", w.Path); // the id stays in the path, for «vern staff import»
    }

    [Fact]
    public void ParseJson_BadMunicipality_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<FormatException>(() => StaffFile.ParseJson("""[{"id":"a","municipalityNumber":"46","name":"A","position":"leder","education":"None"}]"""));
        Assert.Contains("staff[0].municipalityNumber", e.Message);
    }
}
