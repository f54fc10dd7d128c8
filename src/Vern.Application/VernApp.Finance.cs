using Vern.Domain.Finance;
using Vern.Finance;

namespace Vern.Application;

public sealed partial class VernApp
{
    // ---- Finance: co-payments, monthly invoices, KOSTRA (issue 21) ---------------------------------------------------

    /// <summary>The co-payment (kommunal egenbetaling) a municipality owes for one stay. Public rates applied to the dates
    /// given: no stored data is read, so no actor is needed and nothing is logged.</summary>
    public static CopayResult Copay(CopayStay stay, CopayRateBook? rates = null) => CopayCalculator.Compute(stay, rates);

    /// <summary>The measures and their nominal monthly rates per year (<c>vern copay --list</c>).</summary>
    public static IReadOnlyList<CopayRateTable> CopayRateTables() => CopayRates.Tables;

    /// <summary>Monthly invoices from stays the caller holds (a stays file): no stored data is read, so no actor is needed
    /// and nothing is logged. Refused whole when any stay is bad or two stays of one child in one measure overlap.</summary>
    public static IReadOnlyList<Invoice> InvoicesFromStays(IReadOnlyList<BillableStay> stays, YearMonth month, string? municipality) =>
        Invoicing.ForMonth(stays, month, municipality);

    /// <summary>Monthly invoices for the actor's municipality from stored stays (the port the state side's placements fill
    /// once glued). A leader sees their own municipality's invoice; logged as one bulk read.</summary>
    public async Task<IReadOnlyList<Invoice>> InvoicesAsync(Actor actor, IBillableStaySource source, YearMonth month, string municipalityNumber, string purpose = "")
    {
        await Require(actor, Operation.Invoices, municipalityNumber, purpose);
        var stays = await source.StaysAsync(month, municipalityNumber);
        await LogBulk(actor, Operation.Invoices, municipalityNumber, purpose, []);
        return Invoicing.ForMonth(stays, month, municipalityNumber);
    }

    /// <summary>KOSTRA cost accounting from expenses the caller holds (an expenses file) and the co-payment invoices of the
    /// same stays: no stored data is read, so no actor is needed.</summary>
    public static KostraReport Kostra(IReadOnlyList<Expense> expenses, IReadOnlyList<BillableStay> stays, int year, string? municipality) =>
        CostAccounting.Report(expenses, stays, year, municipality);
}
