using Vern.Domain.Validation;
using Vern.Domain.CodeLists;
using Vern.Register.Controls;
using static Vern.Register.Tests.Controls.ControlCaseBuilder;

namespace Vern.Register.Tests.Controls;

/// <summary>Runs the control table: every row cites its SSB control id; the row's case trips exactly that control
/// (or does not), with SSB's severity and text.</summary>
public class ControlTableTests
{
    private static readonly CodeListSet CodeLists = TestSupport.Reference.CodeLists;

    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var row in ControlCases.All)
        {
            data.Add(row.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    [Trait("Rule", "SSB Kravspesifikasjon")]
    public void Control_TableRow_TripsOrPassesAsStated(string row)
    {
        var c = ControlCases.All.Single(r => r.ToString() == row);
        var issues = RegisterControls.Run(new ControlContext(c.Header?.Invoke() ?? Header, c.Build(), TestSupport.AsOf, CodeLists));
        var mine = issues.Where(i => i.Code == c.Control).ToList();

        if (!c.Trips)
        {
            Assert.True(mine.Count == 0, $"{row}\n{TestSupport.Describe(mine)}");
            return;
        }

        Assert.True(c.Path is not null && c.MessageContains is not null, $"{row}: a row that trips must state the finding's path and message");
        Assert.True(mine.Count > 0, $"{row}: not tripped. Found:\n{TestSupport.Describe(issues)}");
        var issue = mine.FirstOrDefault(i => i.Path == c.Path);
        Assert.True(issue is not null, $"{row}: no finding at {c.Path}. Found:\n{TestSupport.Describe(mine)}");
        Assert.Contains(c.MessageContains, issue.Message, StringComparison.Ordinal);
        Assert.Equal(ControlCodes.SourceOf(c.Control), issue.Source);
        if (c.Severity is { } severity)
        {
            Assert.Equal(severity, issue.Severity);
        }
    }

    [Fact]
    public void BaseCase_PassesEveryControl()
    {
        var issues = RegisterControls.Run(new ControlContext(Header, Case, TestSupport.AsOf, CodeLists));
        Assert.True(issues.Count == 0, TestSupport.Describe(issues));
    }

    [Fact]
    public void Table_HasATripAndAPassRowForEveryActiveControl()
    {
        foreach (var control in RegisterControls.All.Where(c => !c.Definition.Retired))
        {
            var code = control.Definition.Code;
            Assert.True(ControlCases.All.Any(r => r.Control == code && r.Trips), $"no row that trips {code}");
            Assert.True(ControlCases.All.Any(r => r.Control == code && !r.Trips), $"no row that passes {code}");
        }
    }

    [Fact]
    public void Table_NamesOnlyKnownControls()
    {
        var known = RegisterControls.All.Select(c => c.Definition.Code).ToHashSet();
        Assert.All(ControlCases.All, r => Assert.Contains(r.Control, known));
    }

    [Fact]
    [Trait("Rule", "Sak Kontroll 6")]
    public void RetiredControl_SakKontroll6_IsListedButNeverRuns()
    {
        var retired = Assert.Single(RegisterControls.All, c => c.Definition.Retired);
        Assert.Equal("Sak Kontroll 6", retired.Definition.Code);
        var empty = Case with { Melding = [], Undersokelse = [], Vedtak = [], Tiltak = [], Plan = [], Relasjon = [] };
        Assert.DoesNotContain(RegisterControls.Run(new ControlContext(Header, empty, TestSupport.AsOf)), i => i.Code == "Sak Kontroll 6");
    }

    [Fact]
    public void MigrationRule_MigratedCase_TurnsEveryErrorIntoWarning()
    {
        var broken = Case with { MigrertId = "KOSTRA-1", Personalia = [], SluttDato = D(2023, 12, 31) };
        var issues = RegisterControls.Run(new ControlContext(Header, broken, TestSupport.AsOf, CodeLists));
        Assert.Contains(issues, i => i.Code == "Personalia kontroll 11");
        Assert.DoesNotContain(issues, i => i.Severity == Severity.Error);
    }

    [Fact]
    public void Control_BeforeItsGyldigFra_DoesNotRun()
    {
        // Tiltak Kontroll 22 is valid from 2023-01-01.
        var c = Tilt(t => t with { Kategori = new Vern.Register.Model.Kategori("1.99", "TFCO") });
        Assert.DoesNotContain(RegisterControls.Run(new ControlContext(Header, c, D(2022, 12, 31))), i => i.Code == "Tiltak Kontroll 22");
        Assert.Contains(RegisterControls.Run(new ControlContext(Header, c, D(2023, 1, 1))), i => i.Code == "Tiltak Kontroll 22");
    }
}

/// <summary>The same table through the whole pipeline: each row's case is written with RegisterWriter, then validated
/// from XML with both schema paths; the control findings equal those of the direct run.</summary>
public class ControlTablePipelineTests
{
    public static TheoryData<string> Rows() => ControlTableTests.Rows();

    [Theory]
    [MemberData(nameof(Rows))]
    public void ValidateStream_TableRowAsXml_GivesTheSameFindingsOnBothSchemaPaths(string row)
    {
        var c = ControlCases.All.Single(r => r.ToString() == row);
        var header = c.Header?.Invoke() ?? ControlCaseBuilder.Header;
        var xml = RegisterWriter.WriteToString(header, c.Build());
        var direct = RegisterControls.Run(new ControlContext(header, c.Build(), TestSupport.AsOf, TestSupport.Reference.CodeLists));

        var fast = TestSupport.ValidateXml(xml, Vern.Register.SchemaValidator.Fast);
        var xsd = TestSupport.ValidateXml(xml, Vern.Register.SchemaValidator.Xsd);

        if (!xsd.Issues.Any(i => i.Severity == Severity.Fatal))
        {
            Assert.Equal(xsd.Issues, fast.Issues);
            Assert.Equal(direct, fast.Issues);
        }
        else
        {
            Assert.Contains(fast.Issues, i => i.Severity == Severity.Fatal);
            Assert.Equal("Vedtak Kontroll 4", c.Control); // the only row whose case the XSD itself rejects (Lov BVL1992)
        }
    }
}
