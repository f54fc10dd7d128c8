using Vern.Domain.Finance;

namespace Vern.Finance.Tests;

/// <summary>KOSTRA posting by Menon 2023 (seed 002) appendix D table 0-1 and arts as in seed 001.</summary>
public class CostAccountingTests
{
    [Theory]
    [Trait("Rule", "Menon 2023 (seed 002) vedlegg D tabell 0-1")]
    [InlineData(ExpenseKind.Casework, false, 244)]
    [InlineData(ExpenseKind.Duty, false, 244)]
    [InlineData(ExpenseKind.ExpertOrLawyer, true, 244)]
    [InlineData(ExpenseKind.Interpreter, false, 244)]
    [InlineData(ExpenseKind.InHomeMeasure, false, 251)]
    [InlineData(ExpenseKind.InHomeMeasure, true, 252)] // «hjelpetiltak iverksatt i tillegg til plassering»
    [InlineData(ExpenseKind.ParentChildCentre, false, 251)]
    [InlineData(ExpenseKind.MeasurePosition, false, 251)]
    [InlineData(ExpenseKind.FosterHome, true, 252)]
    [InlineData(ExpenseKind.EmergencyPlacement, true, 252)]
    [InlineData(ExpenseKind.Institution, true, 252)]
    [InlineData(ExpenseKind.SupportedHousing, true, 252)]
    [InlineData(ExpenseKind.FosterHomeSupervisor, true, 252)]
    public void Function_FollowsAppendixD(ExpenseKind kind, bool placed, int function) =>
        Assert.Equal(function, (int)KostraPostingRules.Function(kind, placed));

    [Theory]
    [Trait("Rule", "Seed 001: kjøp av tjenester art 13000 og 13700; konsulenter art 12700; hovedpost 0 lønn")]
    [InlineData(Supplier.Own, 10100)]
    [InlineData(Supplier.State, 13000)]
    [InlineData(Supplier.Municipality, 13500)]
    [InlineData(Supplier.Private, 13700)]
    [InlineData(Supplier.Consultant, 12700)]
    public void Art_BySupplier(Supplier supplier, int art) => Assert.Equal(art, (int)KostraPostingRules.Art(supplier));

    [Fact]
    [Trait("Rule", "Vedlegg D: sentre for foreldre og barn på 251; institusjon, beredskapshjem på 252")]
    public void CopaymentMeasures_PostToTheirFunction()
    {
        Assert.Equal(KostraFunction.NotPlacedByChildWelfare, CopayMeasures.Find("parent-child-centre-residential")!.Function);
        Assert.Equal(KostraFunction.NotPlacedByChildWelfare, CopayMeasures.Find("mst")!.Function);
        Assert.Equal(KostraFunction.PlacedByChildWelfare, CopayMeasures.Find("emergency-foster-home")!.Function);
        Assert.Equal(KostraFunction.PlacedByChildWelfare, CopayMeasures.Find("institution-uam")!.Function);
    }

    [Fact]
    public void Report_SumsByFunctionAndArt_AndCostPerChildWithMeasures()
    {
        var expenses = new[]
        {
            new Expense("4601", new DateOnly(2023, 3, 1), 100_000m, ExpenseKind.Casework, Supplier.Own, null, false),
            new Expense("4601", new DateOnly(2023, 3, 2), 20_000m, ExpenseKind.InHomeMeasure, Supplier.Private, "B-1", false),
            new Expense("4601", new DateOnly(2022, 3, 2), 99_999m, ExpenseKind.InHomeMeasure, Supplier.Private, "B-1", false), // other year
            new Expense("0301", new DateOnly(2023, 3, 2), 5_000m, ExpenseKind.Interpreter, Supplier.Consultant, null, false), // other municipality
        };
        var stays = new[] { new BillableStay("4601", "B-2", "institution", new DateOnly(2023, 11, 1), new DateOnly(2023, 12, 31)) };
        var report = CostAccounting.Report(expenses, stays, 2023, "4601");
        Assert.Equal([(244, 10100, 100_000m), (251, 13700, 20_000m), (252, 13000, 350_000m)], report.Rows.Select(r => ((int)r.Function, (int)r.Art, r.Amount)));
        Assert.Equal(470_000m, report.Total);
        Assert.Equal(185_000m, report.CostPerChild); // (20 000 + 350 000) / 2 children
    }
}
