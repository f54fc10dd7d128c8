using System.Globalization;
using System.Text;
using Vern.Domain.Finance;
using Vern.Domain.Validation;

namespace Vern.Finance;

/// <summary>One line of a municipality's monthly co-payment invoice: one child in one measure at one rate.</summary>
public sealed record InvoiceLine(string Municipality, string ChildRef, string Measure, DateOnly From, DateOnly To, int Days, int DaysInMonth,
    CopayRateKind RateKind, decimal MonthlyRate, decimal Amount, KostraFunction Function, decimal FamilyFactor = 1m);

/// <summary>A municipality's co-payment invoice for one month (faktura for kommunal egenbetaling).</summary>
public sealed record Invoice(string Municipality, YearMonth Month, decimal Total, IReadOnlyList<InvoiceLine> Lines);

/// <summary>Monthly invoices per municipality from a list of stays (the Finance entry point for invoices).</summary>
public static class Invoicing
{
    /// <summary>The invoices for <paramref name="month"/>, one per municipality with a stay in it, ordered by
    /// municipality; lines by child and date. Refuses (nothing computed) when any stay is invalid or two stays of one child
    /// in one measure overlap.</summary>
    public static IReadOnlyList<Invoice> ForMonth(IReadOnlyList<BillableStay> stays, YearMonth month, string? municipality = null, CopayRateBook? rates = null)
    {
        rates ??= CopayRates.Shipped;
        var issues = Check(stays);
        if (issues.Count > 0) throw new DomainRuleException(issues);
        var first = month.First;
        var last = month.Last;
        var byMunicipality = new Dictionary<string, List<InvoiceLine>>(StringComparer.Ordinal);
        var buffer = new List<CopayLine>(2);
        foreach (var s in stays)
        {
            if (s.To < first || s.From > last || (municipality is not null && s.Municipality != municipality)) continue;
            var clipped = new CopayStay(s.Measure, s.From > first ? s.From : first, s.To < last ? s.To : last, s.PlacedOn ?? s.From, s.SettledOn, s.Parents, s.Children);
            if (rates.For(month.Year) is null)
                throw new DomainRuleException([new ValidationIssue("vern.copay.rate-year", Severity.Error, "month", $"month: Vern har ingen satstabell for {month.Year}.", "Vern")]);
            buffer.Clear();
            CopayCalculator.AddLines(clipped, buffer, rates);
            if (!byMunicipality.TryGetValue(s.Municipality, out var lines)) byMunicipality[s.Municipality] = lines = [];
            var function = CopayMeasures.Find(s.Measure)!.Function;
            foreach (var l in buffer)
                lines.Add(new InvoiceLine(s.Municipality, s.ChildRef, s.Measure, l.From, l.To, l.Days, l.DaysInMonth, l.RateKind, l.MonthlyRate, l.Amount, function, l.FamilyFactor));
        }
        return byMunicipality.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p =>
            {
                p.Value.Sort((a, b) => string.CompareOrdinal(a.ChildRef, b.ChildRef) is var c && c != 0 ? c : a.From.CompareTo(b.From));
                return new Invoice(p.Key, month, p.Value.Sum(l => l.Amount), p.Value);
            }).ToList();
    }

    /// <summary>Every rule the stays break: each stay's own (<see cref="CopayCalculator.Validate"/>, except the rate year,
    /// checked for the billed month) and overlapping stays of one child in one measure (per municipality).</summary>
    public static IReadOnlyList<ValidationIssue> Check(IReadOnlyList<BillableStay> stays)
    {
        var issues = new List<ValidationIssue>();
        for (var i = 0; i < stays.Count; i++)
        {
            var s = stays[i];
            if (string.IsNullOrWhiteSpace(s.Municipality) || s.Municipality.Length != 4 || !s.Municipality.All(char.IsAsciiDigit))
                issues.Add(new("vern.invoice.municipality", Severity.Error, $"stays[{i}].municipality", $"stays[{i}].municipality: «{s.Municipality}» er ikke et kommunenummer (fire sifre).", "Vern"));
            if (string.IsNullOrWhiteSpace(s.ChildRef))
                issues.Add(new("vern.invoice.child-ref", Severity.Error, $"stays[{i}].child_ref", $"stays[{i}].child_ref: barnereferansen mangler.", "Vern"));
            issues.AddRange(CopayCalculator.Validate(s.ToCopayStay(), $"stays[{i}].").Where(x => x.Code != "vern.copay.rate-year"));
        }
        var order = new int[stays.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            var a = stays[x];
            var b = stays[y];
            var c = string.CompareOrdinal(a.Municipality, b.Municipality);
            if (c == 0) c = string.CompareOrdinal(a.ChildRef, b.ChildRef);
            if (c == 0) c = string.CompareOrdinal(a.Measure, b.Measure);
            if (c == 0) c = a.From.CompareTo(b.From);
            return c != 0 ? c : x.CompareTo(y);
        });
        for (var k = 1; k < order.Length; k++)
        {
            var a = stays[order[k - 1]];
            var b = stays[order[k]];
            if (a.Municipality == b.Municipality && a.ChildRef == b.ChildRef && a.Measure == b.Measure && b.From <= a.To)
                issues.Add(new("vern.invoice.overlap", Severity.Error, $"stays[{order[k]}]",
                    $"stays[{order[k]}]: barnet {b.ChildRef} i kommune {b.Municipality} har to overlappende opphold i {b.Measure} ({Iso(a.From)}–{Iso(a.To)} og {Iso(b.From)}–{Iso(b.To)}).",
                    "Vern: ett barn kan ikke faktureres to ganger for samme tiltak samme dag"));
        }
        return issues;
    }

    /// <summary>The invoices as CSV (semicolon-separated, amounts in NOK with a decimal point), one row per line.</summary>
    public static string ToCsv(IEnumerable<Invoice> invoices)
    {
        var sb = new StringBuilder("municipality;month;child_ref;measure;from;to;days;days_in_month;rate_kind;monthly_rate;amount;kostra_function\n");
        foreach (var invoice in invoices)
            foreach (var l in invoice.Lines)
                sb.Append(l.Municipality).Append(';').Append(invoice.Month.ToString()).Append(';').Append(l.ChildRef).Append(';').Append(l.Measure).Append(';')
                  .Append(Iso(l.From)).Append(';').Append(Iso(l.To)).Append(';').Append(l.Days.ToString(CultureInfo.InvariantCulture)).Append(';')
                  .Append(l.DaysInMonth.ToString(CultureInfo.InvariantCulture)).Append(';').Append(RateKindCode(l.RateKind)).Append(';')
                  .Append(l.MonthlyRate.ToString("0.00", CultureInfo.InvariantCulture)).Append(';').Append(l.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(';')
                  .Append((int)l.Function).Append('\n');
        return sb.ToString();
    }

    /// <summary>Stored invoices and credit notes as CSV, one row per line, with the document's number, kind and the invoice a
    /// credit note cancels (amounts negative on a credit note).</summary>
    public static string ToCsv(IEnumerable<IssuedInvoice> documents)
    {
        var sb = new StringBuilder("number;kind;credits;municipality;month;child_ref;measure;from;to;days;days_in_month;rate_kind;monthly_rate;amount;kostra_function;family_factor;issuer\n");
        foreach (var d in documents)
            foreach (var l in d.Lines)
                sb.Append(d.Number).Append(';').Append(d.Kind == IssuedInvoiceKind.CreditNote ? "credit-note" : "invoice").Append(';').Append(d.Credits).Append(';')
                  .Append(d.Municipality).Append(';').Append(CultureInfo.InvariantCulture, $"{d.Year:D4}-{d.Month:D2}").Append(';').Append(l.ChildRef).Append(';')
                  .Append(l.Measure).Append(';').Append(Iso(l.From)).Append(';').Append(Iso(l.To)).Append(';').Append(l.Days.ToString(CultureInfo.InvariantCulture)).Append(';')
                  .Append(l.DaysInMonth.ToString(CultureInfo.InvariantCulture)).Append(';').Append(l.RateKind).Append(';')
                  .Append(l.MonthlyRate.ToString("0.00", CultureInfo.InvariantCulture)).Append(';').Append(l.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(';')
                  .Append(l.KostraFunction.ToString(CultureInfo.InvariantCulture)).Append(';').Append(l.FamilyFactor.ToString("0.0", CultureInfo.InvariantCulture)).Append(';')
                  .Append(d.Issuer).Append('\n');
        return sb.ToString();
    }

    /// <summary>The rate kind as written in files and JSON.</summary>
    public static string RateKindCode(CopayRateKind kind) => kind switch
    {
        CopayRateKind.Ordinary => "ordinary",
        CopayRateKind.PreReformPlacement => "pre-2022-placement",
        CopayRateKind.SettledMinor => "settled-minor",
        _ => throw new NotImplementedException($"Satstypen {kind} er ikke implementert."),
    };

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
