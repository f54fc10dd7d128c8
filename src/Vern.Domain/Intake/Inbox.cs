using Vern.Domain.Cases;

namespace Vern.Domain.Intake;

/// <summary>The receipt (kvittering) for a delivered report: given only after the report is committed to the database. A
/// resend of the same message (same sender and message id) gets the same receipt, with <paramref name="Repeated"/> true.</summary>
/// <param name="ReceiptId">Vern's id of the received report (mottaks-id).</param>
/// <param name="ReceivedAt">When Vern stored it (UTC): the moment the § 2-1 week starts.</param>
public sealed record IntakeReceipt(Guid ReceiptId, string Sender, string MessageId, DateTimeOffset ReceivedAt, bool Repeated = false);

/// <summary>A received report as stored (mottatt melding). Never changed or deleted (append-only by triggers).</summary>
/// <param name="Sender">The sender system (its access token's name, or the file import's sender).</param>
/// <param name="ContentHash">SHA-256 of <paramref name="Json"/>: a resend with the same message id but other content is refused.</param>
/// <param name="Json">The report as read (<see cref="IncomingReport"/> in <see cref="IntakeJson"/>).</param>
/// <param name="Bydel">The bydel whose inbox the report came to on receipt (the sender's <see cref="IncomingReport.Bydel"/> when a
/// service of that bydel exists), or null: the municipality's reception. Where it is now is <see cref="InboxItem.Bydel"/>.</param>
public sealed record ReceivedReport(Guid ReceiptId, string Sender, string MessageId, string SenderKind, string MunicipalityNumber,
    DateTimeOffset ReceivedAt, string ContentHash, string Json, string? Bydel = null)
{
    public IncomingReport Content => System.Text.Json.JsonSerializer.Deserialize<IncomingReport>(Json, IntakeJson.Options)!;

    /// <summary>The legal date of receipt: the Norwegian calendar date of <see cref="ReceivedAt"/>.</summary>
    public DateOnly ReceivedOn(TimeZoneInfo norway) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ReceivedAt, norway).DateTime);
}

public enum DispositionKind
{
    /// <summary>Registrert: recorded on a case as a report of concern (melding).</summary>
    Registered,

    /// <summary>Avvist: not a report for this service (e.g. a test message, a duplicate sent twice by a person), with the reason.</summary>
    Rejected,
}

/// <summary>What a person did with a received report: registered it on a case, or rejected it with a reason. One per report
/// (unique); never changed.</summary>
/// <param name="CaseId">For a registered report, the case it is on; its report of concern's entry id is the receipt id, so a
/// retried registration finds it already there.</param>
public sealed record IntakeDisposition(Guid ReceiptId, DispositionKind Kind, CaseId? CaseId, string? Reason, string By, DateTimeOffset At);

/// <summary>A received report sent on to a bydel's inbox (videresendt til bydel): who, when, from where, to where. Appended,
/// never changed: the report's history of inboxes stays whole. Routing does not move the § 2-1 clock, which runs from receipt.</summary>
/// <param name="Sequence">1 for the report's first routing, then 2, …; (receipt id, sequence) is unique, so two routings of
/// one report at once cannot both be stored.</param>
/// <param name="FromBydel">Where the report was (null: the municipality's reception).</param>
/// <param name="ToBydel">The bydel it is sent to (two digits).</param>
public sealed record IntakeRoute(Guid ReceiptId, int Sequence, string? FromBydel, string ToBydel, string By, DateTimeOffset At);

/// <summary>A received report, what became of it (null: still in the inbox), and where it was routed.</summary>
public sealed record InboxItem(ReceivedReport Report, IntakeDisposition? Disposition, IReadOnlyList<IntakeRoute>? Routes = null)
{
    public bool Waiting => Disposition is null;

    /// <summary>The bydel whose inbox the report is in now (the last routing's, else the one it came to), or null: the
    /// municipality's reception.</summary>
    public string? Bydel => Routes is [.., var last] ? last.ToBydel : Report.Bydel;
}

/// <summary>A resend that reuses a message id for other content: refused, nothing stored (the first stays).</summary>
public sealed class MessageIdReusedException(string sender, string messageId, Guid receiptId)
    : Exception($"Meldings-id «{messageId}» fra {sender} er allerede mottatt (kvittering {receiptId}) med et annet innhold. Ingenting ble lagret; bruk en ny meldings-id for en ny melding.")
{
    public Guid ReceiptId { get; } = receiptId;
}
