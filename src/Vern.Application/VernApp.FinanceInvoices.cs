using Vern.Domain.Access;
using Vern.Domain.Finance;
using Vern.Finance;
using Vern.Storage.Finance;

namespace Vern.Application;

/// <summary>What issuing the month's invoices did: the documents stored now (invoices and credit notes), and the
/// municipalities whose stored invoice already matched the stays (nothing stored for them).</summary>
public sealed record InvoiceRun(YearMonth Month, IReadOnlyList<IssuedInvoice> Stored, IReadOnlyList<string> Unchanged);

// Stored co-payment invoices (issue 21, migration 14): Bufetat's intake issues each month's invoices for its region's
// municipalities from the stored stays; a stored invoice is never edited — when the stays change, the old invoice is
// cancelled by a credit note and a new invoice is issued. The municipality's leader (and auditor) sees its own.
public sealed partial class VernApp
{
    private IInvoiceStore? _invoices;

    /// <summary>Wires the invoice store (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseInvoices(IInvoiceStore store, bool owned = false)
    {
        _invoices = store;
        if (owned && store is IDisposable d)
            _owned.Add(d);
        return this;
    }

    private IInvoiceStore InvoiceStore =>
        _invoices ?? throw new InvalidOperationException("Fakturaene er ikke koblet til (VernApp.UseInvoices).");

    /// <summary>Issues and stores the month's co-payment invoices from the stored stays in the Bufetat actor's region (one
    /// municipality with <paramref name="municipality"/>). Per municipality: no stored invoice → a new invoice; a stored one with
    /// the same lines → nothing; different lines, or no stays left → a credit note for the stored one (and a new invoice).
    /// Refused whole (nothing stored) when a stay is bad or the month's year has no rate table.</summary>
    public async Task<InvoiceRun> IssueInvoicesAsync(Actor actor, YearMonth month, string? municipality = null, string purpose = "")
    {
        if (actor.Role != Role.BufetatIntake)
            await Deny(actor, Operation.StateIntake, null, municipality ?? "*", $"{actor.UserId} ({actor.Describe()}) kan ikke utstede fakturaer: det gjør Bufetats inntak for sin region.", purpose);
        await RequireState(actor, Operation.StateIntake, null, actor.Region, purpose);
        var issuer = Vern.Domain.State.FiksAddress.Region(actor.Region!);
        var stays = await StaysAsync(actor, month.First, month.Last, municipality, purpose: purpose);
        var billable = stays
            .Select(s => (Stay: s, Code: s.UnaccompaniedMinor && s.CopayCode == CopayMeasures.Institution ? CopayMeasures.InstitutionUam : s.CopayCode))
            .Where(x => CopayMeasures.Find(x.Code) is not null)
            // The child is named on the invoice by its referral, never by fødselsnummer.
            .Select(x => new BillableStay(x.Stay.MunicipalityNumber, "henvisning:" + x.Stay.ReferralId, x.Code, x.Stay.From, x.Stay.To ?? month.Last, x.Stay.PlacedOn,
                x.Code == CopayMeasures.InstitutionUam ? x.Stay.SettledOn : null))
            .ToList();
        var invoices = Invoicing.ForMonth(billable, month, municipality);
        var stored = (await InvoiceStore.ListAsync(municipality, month.Year, month.Month)).Where(d => d.Issuer == issuer).ToList();
        var now = _clock.GetUtcNow();
        var documents = new List<IssuedInvoice>();
        var unchanged = new List<string>();
        var municipalities = invoices.Select(i => i.Municipality).Union(stored.Select(d => d.Municipality)).Order(StringComparer.Ordinal);
        foreach (var m in municipalities)
        {
            var mine = stored.Where(d => d.Municipality == m).ToList();
            var current = Effective(mine);
            var invoice = invoices.FirstOrDefault(i => i.Municipality == m);
            var lines = invoice?.Lines.Select(l => new IssuedInvoiceLine(l.ChildRef, l.Measure, l.From, l.To, l.Days, l.DaysInMonth, Invoicing.RateKindCode(l.RateKind),
                l.MonthlyRate, l.Amount, (int)l.Function)).ToList();
            if (current is not null && lines is not null && current.Lines.SequenceEqual(lines))
            {
                unchanged.Add(m);
                continue;
            }
            var n = mine.Count;
            string Number() => $"{m}-{month}-{++n}";
            if (current is not null)
                documents.Add(new IssuedInvoice(Number(), m, month.Year, month.Month, IssuedInvoiceKind.CreditNote, current.Number, -current.Total,
                    [.. current.Lines.Select(l => l with { Amount = -l.Amount })], issuer, actor.UserId, now));
            if (lines is not null)
                documents.Add(new IssuedInvoice(Number(), m, month.Year, month.Month, IssuedInvoiceKind.Invoice, null, invoice!.Total, lines, issuer, actor.UserId, now));
        }
        if (documents.Count > 0)
            await InvoiceStore.AppendAsync(documents);
        return new InvoiceRun(month, documents, unchanged);
    }

    /// <summary>The stored invoices and credit notes the actor may see: Bufetat's intake those its region issued; a municipal
    /// leader or auditor their municipality's. Logged as one bulk read.</summary>
    public async Task<IReadOnlyList<IssuedInvoice>> IssuedInvoicesAsync(Actor actor, YearMonth? month = null, string? municipality = null, string purpose = "")
    {
        IReadOnlyList<IssuedInvoice> list;
        if (actor.Role == Role.BufetatIntake)
        {
            await RequireState(actor, Operation.StateIntake, null, actor.Region, purpose);
            var issuer = Vern.Domain.State.FiksAddress.Region(actor.Region!);
            list = [.. (await InvoiceStore.ListAsync(municipality, month?.Year, month?.Month)).Where(d => d.Issuer == issuer)];
            await LogBulk(actor, Operation.StateIntake, "region:" + actor.Region, purpose, []);
        }
        else
        {
            var own = municipality ?? actor.MunicipalityNumber;
            await Require(actor, Operation.Invoices, own, purpose);
            list = await InvoiceStore.ListAsync(own, month?.Year, month?.Month);
            await LogBulk(actor, Operation.Invoices, own ?? "*", purpose, []);
        }
        return list;
    }

    /// <summary>The invoice in force among one municipality's documents for a month: the last invoice no credit note cancels.</summary>
    public static IssuedInvoice? Effective(IEnumerable<IssuedInvoice> documents)
    {
        var all = documents.ToList();
        var credited = all.Where(d => d.Kind == IssuedInvoiceKind.CreditNote).Select(d => d.Credits).ToHashSet(StringComparer.Ordinal);
        return all.LastOrDefault(d => d.Kind == IssuedInvoiceKind.Invoice && !credited.Contains(d.Number));
    }
}
