using System.Globalization;
using System.Text;
using Vern.Domain.Finance;
using Vern.Domain.Validation;

namespace Vern.Finance;

/// <summary>One expense of the municipal child welfare service (utgift), to be posted to KOSTRA.</summary>
/// <param name="ChildRef">The child the expense is for, when it is for one (a reference, never a fødselsnummer).</param>
/// <param name="ChildPlaced">Whether the child is placed by the child welfare service (decides 251/252 for in-home measures).</param>
public sealed record Expense(string Municipality, DateOnly Date, decimal Amount, ExpenseKind Kind, Supplier Supplier, string? ChildRef, bool ChildPlaced)
{
    public KostraPosting Posting => KostraPostingRules.Post(Kind, Supplier, ChildPlaced);
}

/// <summary>One cell of the KOSTRA report: a function and an art, with the sum posted there.</summary>
public sealed record KostraRow(KostraFunction Function, KostraArt Art, decimal Amount, int Postings);

/// <summary>One child's cost in the year (functions 251 and 252 only: 244 is the service, not a measure).</summary>
public sealed record ChildCost(string ChildRef, decimal Amount);

/// <summary>A municipality's (or all municipalities') child welfare cost accounting for a year.</summary>
/// <param name="CostPerChild">The summed cost of the children with measures divided by their number (0 when none).</param>
public sealed record KostraReport(int Year, string? Municipality, IReadOnlyList<KostraRow> Rows, decimal Total, IReadOnlyList<ChildCost> Children, decimal CostPerChild);

/// <summary>KOSTRA cost accounting: each expense posted to function 244, 251 or 252 by seed 002 appendix D and to an art
/// by who was paid (seed 001), with the co-payments of the year's invoices posted as purchases from the state (13000).</summary>
public static class CostAccounting
{
    public const string ExpensesHeader = "municipality;date;amount;kind;supplier;child_ref;child_placed";

    /// <summary>The report for <paramref name="year"/>: expenses dated in it plus every month's co-payment invoice lines.</summary>
    public static KostraReport Report(IReadOnlyList<Expense> expenses, IReadOnlyList<BillableStay> stays, int year, string? municipality)
    {
        var postings = new List<(KostraFunction Function, KostraArt Art, decimal Amount, string? Child)>();
        foreach (var e in expenses)
            if (e.Date.Year == year && (municipality is null || e.Municipality == municipality))
                postings.Add((e.Posting.Function, e.Posting.Art, e.Amount, e.ChildRef));
        if (stays.Count > 0)
            for (var m = 1; m <= 12; m++)
                foreach (var invoice in Invoicing.ForMonth(stays, new YearMonth(year, m), municipality))
                    foreach (var l in invoice.Lines)
                        postings.Add((l.Function, KostraArt.PurchaseFromState, l.Amount, l.ChildRef));
        var rows = postings.GroupBy(p => (p.Function, p.Art)).OrderBy(g => g.Key.Function).ThenBy(g => g.Key.Art)
            .Select(g => new KostraRow(g.Key.Function, g.Key.Art, g.Sum(p => p.Amount), g.Count())).ToList();
        var children = postings.Where(p => p.Child is not null && p.Function != KostraFunction.ChildWelfareService)
            .GroupBy(p => p.Child!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChildCost(g.Key, g.Sum(p => p.Amount))).ToList();
        var perChild = children.Count == 0 ? 0m : Math.Round(children.Sum(c => c.Amount) / children.Count, 2, MidpointRounding.AwayFromZero);
        return new KostraReport(year, municipality, rows, rows.Sum(r => r.Amount), children, perChild);
    }

    private static readonly Dictionary<string, ExpenseKind> Kinds = new(StringComparer.Ordinal)
    {
        ["casework"] = ExpenseKind.Casework, ["duty"] = ExpenseKind.Duty, ["expert-or-lawyer"] = ExpenseKind.ExpertOrLawyer,
        ["interpreter"] = ExpenseKind.Interpreter, ["in-home-measure"] = ExpenseKind.InHomeMeasure, ["parent-child-centre"] = ExpenseKind.ParentChildCentre,
        ["measure-position"] = ExpenseKind.MeasurePosition, ["foster-home"] = ExpenseKind.FosterHome, ["emergency-placement"] = ExpenseKind.EmergencyPlacement,
        ["institution"] = ExpenseKind.Institution, ["supported-housing"] = ExpenseKind.SupportedHousing, ["foster-home-supervisor"] = ExpenseKind.FosterHomeSupervisor,
    };

    private static readonly Dictionary<string, Supplier> Suppliers = new(StringComparer.Ordinal)
    {
        ["own"] = Supplier.Own, ["state"] = Supplier.State, ["municipality"] = Supplier.Municipality, ["private"] = Supplier.Private, ["consultant"] = Supplier.Consultant,
    };

    /// <summary>The expense kinds as written in the expenses file.</summary>
    public static IReadOnlyCollection<string> KindCodes => Kinds.Keys;

    /// <summary>Parses an expenses CSV (<see cref="ExpensesHeader"/>); every bad row is reported, none kept.</summary>
    public static IReadOnlyList<Expense> ParseExpenses(string text)
    {
        var result = new List<Expense>();
        var issues = new List<ValidationIssue>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("municipality;", StringComparison.Ordinal)) continue;
            var f = line.Split(';');
            void Bad(string field, string message) => issues.Add(new ValidationIssue("vern.kostra.expenses-file", Severity.Error, $"expenses[{lineNo}].{field}", $"linje {lineNo}: {message}", "Vern: utgifts-CSV (docs/finance.md)"));
            if (f.Length is < 5 or > 7) { Bad("row", $"ventet 5–7 felt ({ExpensesHeader}), fant {f.Length}."); continue; }
            var ok = true;
            if (!DateOnly.TryParseExact(f[1].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) { Bad("date", $"date «{f[1]}» er ikke en dato ÅÅÅÅ-MM-DD."); ok = false; }
            if (!decimal.TryParse(f[2].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)) { Bad("amount", $"amount «{f[2]}» er ikke et beløp (punktum som desimaltegn)."); ok = false; }
            if (!Kinds.TryGetValue(f[3].Trim(), out var kind)) { Bad("kind", $"kind «{f[3]}» er ukjent; gyldige er {string.Join(", ", Kinds.Keys)}."); ok = false; }
            if (!Suppliers.TryGetValue(f[4].Trim(), out var supplier)) { Bad("supplier", $"supplier «{f[4]}» er ukjent; gyldige er {string.Join(", ", Suppliers.Keys)}."); ok = false; }
            var child = f.Length > 5 && f[5].Trim().Length > 0 ? f[5].Trim() : null;
            var placedText = f.Length > 6 ? f[6].Trim() : "";
            var placed = placedText is "true" or "ja" or "1";
            if (placedText.Length > 0 && !placed && placedText is not ("false" or "nei" or "0")) { Bad("child_placed", $"child_placed «{placedText}» må være true eller false."); ok = false; }
            if (ok) result.Add(new Expense(f[0].Trim(), date, amount, kind, supplier, child, placed));
        }
        if (issues.Count > 0) throw new DomainRuleException(issues);
        return result;
    }

    /// <summary>The report's rows as CSV.</summary>
    public static string ToCsv(KostraReport report)
    {
        var sb = new StringBuilder("year;municipality;function;art;amount;postings\n");
        foreach (var r in report.Rows)
            sb.Append(report.Year).Append(';').Append(report.Municipality ?? "*").Append(';').Append((int)r.Function).Append(';').Append((int)r.Art).Append(';')
              .Append(r.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(';').Append(r.Postings).Append('\n');
        return sb.ToString();
    }
}
