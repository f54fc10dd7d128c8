namespace Vern.Domain.Finance;

/// <summary>Whether a stored document bills (faktura) or takes a bill back (kreditnota).</summary>
public enum IssuedInvoiceKind
{
    Invoice,
    /// <summary>Kreditnota: cancels the whole invoice it names, with every amount negated. A correction is a credit note and a
    /// new invoice: a stored invoice is never edited.</summary>
    CreditNote,
}

/// <summary>One line of a stored invoice: one child (by its referral, never a fødselsnummer) in one measure at one rate.</summary>
/// <param name="FamilyFactor">Rates owed for the family in a centre for parents and children (1 elsewhere): the amount is
/// <c>MonthlyRate × FamilyFactor × Days / DaysInMonth</c>. Lines stored before the factor was kept read as 1.</param>
public sealed record IssuedInvoiceLine(string ChildRef, string Measure, DateOnly From, DateOnly To, int Days, int DaysInMonth, string RateKind,
    decimal MonthlyRate, decimal Amount, int KostraFunction, decimal FamilyFactor = 1m);

/// <summary>A co-payment invoice (faktura for kommunal egenbetaling) as issued and stored (issue 21): per municipality and
/// month, append-only. <paramref name="Credits"/> names the invoice a credit note cancels.</summary>
/// <param name="Number">"{municipality}-{yyyy-MM}-{n}", n counting the documents of that municipality and month from 1.</param>
/// <param name="Issuer">Who bills: the Bufetat region's Fiks address (e.g. <c>bufetat:Øst</c>).</param>
public sealed record IssuedInvoice(string Number, string Municipality, int Year, int Month, IssuedInvoiceKind Kind, string? Credits, decimal Total,
    IReadOnlyList<IssuedInvoiceLine> Lines, string Issuer, string IssuedBy, DateTimeOffset IssuedAt);
