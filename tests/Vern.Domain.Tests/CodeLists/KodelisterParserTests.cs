using Vern.Tests;
using Vern.Domain.CodeLists;

namespace Vern.Domain.Tests.CodeLists;

/// <summary>The code lists read from SSB's Kodelister.md (the copy carried in the repository, or VERN_REFERENCE).</summary>
public class KodelisterParserTests
{
    private static CodeListSet Lists => TestReference.CodeLists.Value;

    [Fact]
    public void Parse_Melder_Code15EndsWhen24And25Begin()
    {
        // Kodelister.md, Melder: "15 deles i 24 og 25" — 15 valid to 2024-12-31, 24 and 25 from 2025-01-01.
        var melder = Lists.Get(CodeListPaths.Reporter);
        Assert.True(melder.Find("15")!.IsValidOn(new DateOnly(2024, 12, 31)));
        Assert.False(melder.Find("15")!.IsValidOn(new DateOnly(2025, 1, 1)));
        Assert.True(melder.Find("24")!.IsValidOn(new DateOnly(2025, 1, 1)));
        Assert.False(melder.Find("24")!.IsValidOn(new DateOnly(2024, 12, 31)));
        Assert.True(melder.Find("22")!.RequiresSpecification);
    }

    [Fact]
    public void Parse_MeldingKonklusjon_DayBeforeMonthDateIsRead()
    {
        // SSB writes "2025-31-12" for code 1 (Henlagt); it is 31 December 2025.
        var code1 = Lists.Get(CodeListPaths.ReportConclusion).Find("1")!;
        Assert.Equal(new DateOnly(2025, 12, 31), code1.ValidTo);
    }

    [Fact]
    public void Parse_SharedLists_VedtaksgrunnlagIsSaksinnhold()
    {
        var grounds = Lists.Get(CodeListPaths.DecisionBasis);
        var content = Lists.Get(CodeListPaths.CaseContent);
        Assert.Equal(content.Entries.Count, grounds.Entries.Count);
        Assert.NotNull(grounds.Find("1.1.01")); // Kunnskapsmodellen, from 2026-01-01
    }

    [Fact]
    public void Parse_TiltakKategori_HasPlacementsAndSpecificationFlags()
    {
        var category = Lists.Get(CodeListPaths.MeasureCategory);
        Assert.Equal("Barnevernsinstitusjoner (gjelder alle typer barnevernsinstitusjoner)", category.Find("1.1")!.Title);
        Assert.True(category.Find("1.99")!.RequiresSpecification);
        Assert.False(category.Find("2.1")!.RequiresSpecification);
    }

    [Fact]
    public void Parse_PlanType_ForelopigOmsorgsplanEndedWith1992Act()
    {
        var code3 = Lists.Get(CodeListPaths.PlanType).Find("3")!;
        Assert.Equal(new DateOnly(2022, 12, 31), code3.ValidTo);
    }
}
