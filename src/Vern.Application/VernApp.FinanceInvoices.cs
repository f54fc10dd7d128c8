using Vern.Domain.Access;
using Vern.Domain.Finance;
using Vern.Finance;
using Vern.Storage.Finance;

namespace Vern.Application;

/// <summary>What issuing the month's invoices did: the documents stored now (invoices and credit notes), and the
/// municipalities whose stored invoice already matched the stays (nothing stored for them).</summary>
public sealed record InvoiceRun(YearMonth Month, IReadOnlyList<IssuedInvoice> Stored, IReadOnlyList<string> Unchanged);

/// <summary>What importing one invoice file did: <c>mottatt</c>, <c>duplikat</c>, <c>ikke til oss</c> or <c>feil: …</c> (nothing stored).</summary>
public sealed record ImportedInvoice(string File, string? Number, string Outcome);

// Stored co-payment invoices (issue 21, migration 14): Bufetat's intake issues each month's invoices for its region's
// municipalities from the stored stays; a stored invoice is never edited — when the stays change, the old invoice is
// cancelled by a credit note and a new invoice is issued. The municipality's leader (and auditor) sees its own.
public sealed partial class VernApp
{
    private OnFirstUse<IInvoiceStore>? _invoices;

    /// <summary>Wires the invoice store (the composition root calls this once; <see cref="OpenSqlite"/> does).</summary>
    public VernApp UseInvoices(IInvoiceStore store, bool owned = false)
    {
        _invoices = OnFirstUse<IInvoiceStore>.Opened(store);
        if (owned && store is IDisposable d)
            _owned.Add(d);
        return this;
    }

    /// <summary>Wires an invoice store that is opened on first use and disposed with the app.</summary>
    private void UseInvoices(Func<IInvoiceStore> open) => _owned.Add(_invoices = new(open));

    private IInvoiceStore InvoiceStore =>
        _invoices?.Value ?? throw new InvalidOperationException("Fakturaene er ikke koblet til (VernApp.UseInvoices).");

    /// <summary>Issues and stores the month's co-payment invoices from the stored stays in the Bufetat actor's region (one
    /// municipality with <paramref name="municipality"/>). Per municipality: no stored invoice → a new invoice; a stored one with
    /// the same lines → nothing; different lines, or no stays left → a credit note for the stored one (and a new invoice).
    /// Refused whole (nothing stored) when a stay is bad or the month's year has no rate table.</summary>
    public async Task<InvoiceRun> IssueInvoicesAsync(Actor actor, YearMonth month, string? municipality = null, string purpose = "")
    {
        await RequireIssuer(actor, municipality, purpose);
        var issuer = Vern.Domain.State.FiksAddress.Region(actor.Region!);
        var billable = await new StoredStaySource(this, actor, purpose).StaysAsync(month, municipality);
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
                l.MonthlyRate, l.Amount, (int)l.Function, l.FamilyFactor)).ToList();
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
            await RequireIssuer(actor, null, purpose);
            var issuer = Vern.Domain.State.FiksAddress.Region(actor.Region!);
            list = [.. (await InvoiceStore.ListAsync(municipality, month?.Year, month?.Month)).Where(d => d.Issuer == issuer)];
            await LogBulk(actor, Operation.IssueInvoices, "region:" + actor.Region, purpose, []);
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

    /// <summary>How an invoice names the child: by the referral, never by a person key (fødselsnummer, D- or DUF-nummer).</summary>
    public static string ChildRef(Vern.Domain.State.ReferralId referral) => "henvisning:" + referral;

    /// <summary>Writes the invoices and credit notes the Bufetat actor's region issued (of one month, or all) to
    /// <paramref name="directory"/>, one file each (<c>{number}.faktura.json</c>, <see cref="InvoiceFile"/>), for the
    /// municipality to import. Writing again writes the same files (the import is idempotent). Logged as one bulk read.</summary>
    public async Task<IReadOnlyList<string>> ExportInvoicesAsync(Actor actor, string directory, YearMonth? month = null, string purpose = "")
    {
        await RequireIssuer(actor, null, purpose);
        await RequireState(actor, Operation.ExchangeMessages, null, actor.Region, purpose);
        var issuer = Vern.Domain.State.FiksAddress.Region(actor.Region!);
        var documents = (await InvoiceStore.ListAsync(null, month?.Year, month?.Month)).Where(d => d.Issuer == issuer).ToList();
        await LogBulk(actor, Operation.IssueInvoices, "region:" + actor.Region, purpose, []);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var d in documents)
        {
            var file = InvoiceFile.For(d);
            var path = Path.Combine(directory, file.FileName);
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, file.ToJson());
            File.Move(temp, path, overwrite: true);
            files.Add(path);
        }
        return files;
    }

    /// <summary>Imports the invoice files (<c>*.faktura.json</c>) in <paramref name="directory"/> addressed to the actor's
    /// municipality (a leader's: <see cref="Operation.ExchangeMessages"/>). Each file is checked whole – issuer a Bufetat region,
    /// every line a referral this municipality sent, amounts = rate × family factor × days / days in month, the total their
    /// sum, a credit note cancelling a received invoice – and stored as it was issued (append-only) or not at all. A document
    /// already stored the same is a duplicate and changes nothing; the same number with other content is refused.</summary>
    public async Task<IReadOnlyList<ImportedInvoice>> ImportInvoicesAsync(Actor actor, string directory, string purpose = "")
    {
        if (actor.Role == Role.BufetatIntake)
            await Deny(actor, Operation.ExchangeMessages, null, "region:" + actor.Region, $"{actor.UserId} ({actor.Describe()}): fakturaer leses inn av kommunen som mottar dem, ikke av Bufetat.", purpose);
        await RequireState(actor, Operation.ExchangeMessages, actor.MunicipalityNumber, null, purpose);
        var municipality = actor.MunicipalityNumber!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Mappen {directory} finnes ikke.");
        var parsed = new List<(string File, InvoiceFile? Invoice, string? Error)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + InvoiceFile.Suffix).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            try
            {
                parsed.Add((name, InvoiceFile.Parse(await File.ReadAllTextAsync(path), name), null));
            }
            catch (FormatException e)
            {
                parsed.Add((name, null, e.Message));
            }
        }
        var known = (await StateSide.Store.ListAsync(Vern.Storage.State.StateScope.OfMunicipality(municipality))).Select(r => r.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var results = new List<ImportedInvoice>();
        // Invoices before the credit notes that cancel them: by month, then by running number.
        foreach (var (file, invoice, error) in parsed.OrderBy(p => p.Invoice?.Document.Year).ThenBy(p => p.Invoice?.Document.Month)
                     .ThenBy(p => p.Invoice is { } f ? InvoiceFile.Sequence(f.Document.Number) : 0).ThenBy(p => p.File, StringComparer.Ordinal))
        {
            if (invoice is null)
            {
                results.Add(new ImportedInvoice(file, null, "feil: " + error));
                continue;
            }
            var d = invoice.Document;
            if (invoice.Receiver != "kommune:" + municipality)
            {
                results.Add(new ImportedInvoice(file, d.Number, "ikke til oss"));
                continue;
            }
            var stored = await InvoiceStore.ListAsync(municipality, d.Year, d.Month);
            if (stored.FirstOrDefault(s => s.Number == d.Number) is { } same)
            {
                results.Add(new ImportedInvoice(file, d.Number, InvoiceFile.Same(same, d) ? "duplikat"
                    : $"feil: fakturanummeret {d.Number} er allerede mottatt med et annet innhold; en faktura rettes med kreditnota og ny faktura, ingenting ble lagret."));
                continue;
            }
            var errors = invoice.Check(municipality, Vern.Domain.State.BufetatRegions.All, known, stored);
            if (errors.Count > 0)
            {
                results.Add(new ImportedInvoice(file, d.Number, "feil: " + string.Join(" ", errors) + " Ingenting ble lagret."));
                continue;
            }
            await InvoiceStore.AppendAsync([d]);
            results.Add(new ImportedInvoice(file, d.Number, "mottatt"));
        }
        await LogBulk(actor, Operation.ExchangeMessages, municipality, purpose, []);
        return results;
    }

    /// <summary>Refuses (and logs) anyone but Bufetat's intake of a region: only it issues co-payment invoices.</summary>
    private async Task RequireIssuer(Actor actor, string? municipality, string purpose)
    {
        if (actor.Role != Role.BufetatIntake || actor.Region is null)
            await Deny(actor, Operation.IssueInvoices, null, municipality ?? "*", $"{actor.UserId} ({actor.Describe()}) kan ikke {AccessPolicy.Verb(Operation.IssueInvoices)}: det gjør Bufetats inntak for sin region.", purpose);
        await RequireState(actor, Operation.IssueInvoices, null, actor.Region, purpose);
    }

    /// <summary>The invoice in force among one municipality's documents for a month: the last invoice no credit note cancels.</summary>
    public static IssuedInvoice? Effective(IEnumerable<IssuedInvoice> documents)
    {
        var all = documents.ToList();
        var credited = all.Where(d => d.Kind == IssuedInvoiceKind.CreditNote).Select(d => d.Credits).ToHashSet(StringComparer.Ordinal);
        return all.LastOrDefault(d => d.Kind == IssuedInvoiceKind.Invoice && !credited.Contains(d.Number));
    }
}
