using System.Globalization;
using System.Text.Json;
using Vern.Domain.Finance;

namespace Vern.Finance;

/// <summary>Bufetat's co-payment invoice as a file between two Vern databases (Vern's own format, <see cref="Format"/>).
/// Bufdir's Fiks protocol (<c>bufdir.no.barnevern.ks.fiks.protokoll</c> v1, <c>shared/reference/bufdir-fiks/meldingstyper.json</c>)
/// has eight message types – henvisning, vedleggsmelding, trukketmelding, tilsagn and four receipts/test – and none of them
/// carries an invoice: a vedleggsmelding sends attachments after one message, while an invoice covers every child of a
/// municipality in a month. So Vern exchanges the invoice as its own documented file (docs/finance.md), one document per file.</summary>
/// <param name="Format">Always <see cref="Format"/>.</param>
/// <param name="Sender">The issuing Bufetat region's address (<c>bufetat:Vest</c>); must equal the document's issuer.</param>
/// <param name="Receiver">The municipality's address (<c>kommune:4601</c>).</param>
public sealed record InvoiceFile(string Format, string Sender, string Receiver, IssuedInvoice Document)
{
    public const string FormatId = "vern.egenbetaling.faktura.v1";

    /// <summary>What invoice files end with: <c>{number}.faktura.json</c> (the Fiks message import leaves them alone).</summary>
    public const string Suffix = ".faktura.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static InvoiceFile For(IssuedInvoice document) => new(FormatId, document.Issuer, "kommune:" + document.Municipality, document);

    public string FileName => Document.Number + Suffix;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a file's text; a text that is not an invoice file is refused, naming the file.</summary>
    public static InvoiceFile Parse(string json, string what)
    {
        InvoiceFile? f;
        try
        {
            f = JsonSerializer.Deserialize<InvoiceFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what}: ikke en fakturafil fra Vern ({e.Message}).", e);
        }
        if (f is null || f.Format != FormatId || f.Document is null || f.Document.Lines is null || string.IsNullOrEmpty(f.Receiver) || string.IsNullOrEmpty(f.Sender))
            throw new FormatException($"{what}: fakturafilen mangler format «{FormatId}», avsender, mottaker eller dokument.");
        return f;
    }

    /// <summary>Whether two documents are the same (a re-import of one already stored).</summary>
    public static bool Same(IssuedInvoice a, IssuedInvoice b) =>
        a.Number == b.Number && a.Municipality == b.Municipality && a.Year == b.Year && a.Month == b.Month && a.Kind == b.Kind && a.Credits == b.Credits
        && a.Total == b.Total && a.Issuer == b.Issuer && a.IssuedBy == b.IssuedBy && a.IssuedAt == b.IssuedAt && a.Lines.SequenceEqual(b.Lines);

    /// <summary>Every rule a received document breaks, as sentences naming the field (empty: it may be stored).</summary>
    /// <param name="municipality">The receiving municipality.</param>
    /// <param name="regions">The Bufetat regions an issuer may be.</param>
    /// <param name="knownReferrals">The referral ids this municipality sent (each line's child must be one of them).</param>
    /// <param name="stored">The documents already stored for this municipality and month (a credit note must cancel one).</param>
    public IReadOnlyList<string> Check(string municipality, IReadOnlyCollection<string> regions, IReadOnlySet<string> knownReferrals, IReadOnlyList<IssuedInvoice> stored)
    {
        var d = Document;
        var errors = new List<string>();
        if (Sender != d.Issuer)
            errors.Add($"sender: avsenderen {Sender} er ikke fakturaens utsteder ({d.Issuer}).");
        if (!d.Issuer.StartsWith("bufetat:", StringComparison.Ordinal) || !regions.Contains(d.Issuer["bufetat:".Length..]))
            errors.Add($"issuer: «{d.Issuer}» er ikke en Bufetat-region ({string.Join(", ", regions.Select(r => "bufetat:" + r))}).");
        if (d.Municipality != municipality || Receiver != "kommune:" + municipality)
            errors.Add($"municipality: fakturaen gjelder kommune {d.Municipality} ({Receiver}), ikke {municipality}.");
        if (d.Month is < 1 or > 12 || d.Year is < 2000 or > 2100)
            errors.Add($"month: {d.Year}-{d.Month} er ikke en måned.");
        else if (!d.Number.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{d.Municipality}-{d.Year:D4}-{d.Month:D2}-"), StringComparison.Ordinal))
            errors.Add($"number: fakturanummeret «{d.Number}» er ikke på formen kommune-ÅÅÅÅ-MM-løpenummer for {d.Municipality} {d.Year:D4}-{d.Month:D2}.");
        if (d.Lines.Count == 0)
            errors.Add("lines: dokumentet har ingen linjer.");
        var sign = d.Kind == IssuedInvoiceKind.CreditNote ? -1m : 1m;
        var sum = 0m;
        for (var i = 0; i < d.Lines.Count; i++)
        {
            var l = d.Lines[i];
            sum += l.Amount;
            var at = $"lines[{i}]";
            if (!l.ChildRef.StartsWith("henvisning:", StringComparison.Ordinal) || !knownReferrals.Contains(l.ChildRef["henvisning:".Length..]))
                errors.Add($"{at}.childRef: «{l.ChildRef}» er ingen henvisning kommune {municipality} har sendt.");
            if (CopayMeasures.Find(l.Measure) is null)
                errors.Add($"{at}.measure: ukjent tiltakskode «{l.Measure}».");
            if (d.Month is >= 1 and <= 12 && d.Year is >= 2000 and <= 2100)
            {
                var first = new DateOnly(d.Year, d.Month, 1);
                var last = first.AddMonths(1).AddDays(-1);
                if (l.From < first || l.To > last || l.To < l.From)
                    errors.Add($"{at}.from/to: {l.From:yyyy-MM-dd}–{l.To:yyyy-MM-dd} ligger ikke i {d.Year:D4}-{d.Month:D2}.");
                else if (l.Days != l.To.DayNumber - l.From.DayNumber + 1 || l.DaysInMonth != last.Day)
                    errors.Add($"{at}.days: {l.Days} av {l.DaysInMonth} dager stemmer ikke med {l.From:yyyy-MM-dd}–{l.To:yyyy-MM-dd}.");
                else
                {
                    var expected = l.Days == l.DaysInMonth ? l.MonthlyRate * l.FamilyFactor
                        : Math.Round(l.MonthlyRate * l.FamilyFactor * l.Days / l.DaysInMonth, 2, MidpointRounding.AwayFromZero);
                    if (l.Amount != sign * expected)
                        errors.Add($"{at}.amount: {l.Amount.ToString("0.00", CultureInfo.InvariantCulture)} kr er ikke sats × familiefaktor × dager / dager i måneden ({(sign * expected).ToString("0.00", CultureInfo.InvariantCulture)} kr).");
                }
            }
        }
        if (sum != d.Total)
            errors.Add($"total: summen av linjene ({sum.ToString("0.00", CultureInfo.InvariantCulture)} kr) er ikke dokumentets total ({d.Total.ToString("0.00", CultureInfo.InvariantCulture)} kr).");
        if (d.Kind == IssuedInvoiceKind.Invoice && d.Credits is not null)
            errors.Add("credits: bare en kreditnota krediterer en faktura.");
        if (d.Kind == IssuedInvoiceKind.CreditNote)
        {
            var credited = stored.FirstOrDefault(s => s.Number == d.Credits);
            if (credited is null || credited.Kind != IssuedInvoiceKind.Invoice)
                errors.Add($"credits: kreditnotaen krediterer «{d.Credits}», som ikke er en mottatt faktura for {d.Municipality} {d.Year:D4}-{d.Month:D2}; les inn fakturaen først.");
            else if (credited.Total != -d.Total)
                errors.Add($"total: kreditnotaen ({d.Total.ToString("0.00", CultureInfo.InvariantCulture)} kr) opphever ikke hele fakturaen {credited.Number} ({credited.Total.ToString("0.00", CultureInfo.InvariantCulture)} kr).");
        }
        return errors;
    }

    /// <summary>The running number at the end of a document number (the order documents of one month were issued in).</summary>
    public static int Sequence(string number) =>
        int.TryParse(number.AsSpan(number.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}
