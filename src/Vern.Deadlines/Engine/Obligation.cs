using Vern.Deadlines.Facts;
using Vern.Deadlines.Rules;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Engine;

/// <summary>Where an obligation stands on the evaluation date.</summary>
public enum ObligationStatus
{
    /// <summary>Not yet met; the due date has not passed (days left ≥ 0).</summary>
    Open,
    /// <summary>Not met and the due date has passed: a breach still running (fristbrudd).</summary>
    Overdue,
    /// <summary>Met on or before the due date.</summary>
    MetOnTime,
    /// <summary>Met after the due date: a breach that has ended.</summary>
    MetLate,
    /// <summary>Never met; the duty ended (measure, plan or case ended) after the due date had passed: a breach.</summary>
    Missed,
    /// <summary>The duty ended before it fell due (e.g. the emergency decision lapsed): not a breach.</summary>
    Lapsed,
}

/// <summary>Lovpålagt oppgave: one duty of one case under one rule version — its due date, whether and when it was met,
/// and who is responsible (the case's caseworker; null means "ikke fordelt").</summary>
/// <param name="Case">The case's facts (municipality, caseworker, journal number).</param>
/// <param name="Rule">The rule version in force on <see cref="LegalDate"/>; its <see cref="DeadlineRule.Act"/> says which Act applied.</param>
/// <param name="EntryId">The entry that triggered the duty (melding, undersøkelse, tiltak, plan, vedtak), if any.</param>
/// <param name="LegalDate">The date that decided which rule version applies (e.g. the day the report was received).</param>
/// <param name="DueDate">The law's deadline (frist), inclusive: met on this day is on time.</param>
/// <param name="RegisterDueDate">The same deadline as SSB's control counts it in days, where the two differ in method.</param>
/// <param name="MetOn">The day the duty was met, if it was by the evaluation date.</param>
/// <param name="Detail">Short bokmål detail, e.g. "4 besøk/år".</param>
public sealed record Obligation(
    CaseFacts Case,
    DeadlineRule Rule,
    EntryId? EntryId,
    DateOnly LegalDate,
    DateOnly DueDate,
    DateOnly? RegisterDueDate,
    ObligationStatus Status,
    DateOnly? MetOn,
    string? Detail = null)
{
    public CaseId CaseId => Case.Id;

    /// <summary>The caseworker responsible, or null when the case is not assigned (ikke fordelt).</summary>
    public string? Responsible => Case.CaseworkerId;

    public bool IsOpen => Status is ObligationStatus.Open or ObligationStatus.Overdue;

    /// <summary>A breach of the deadline: overdue now, met late, or missed.</summary>
    public bool IsBreach => Status is ObligationStatus.Overdue or ObligationStatus.MetLate or ObligationStatus.Missed;

    /// <summary>Days from <paramref name="asOf"/> to the due date: positive left, 0 due today, negative overdue.</summary>
    public int DaysLeft(DateOnly asOf) => DueDate.DayNumber - asOf.DayNumber;
}
