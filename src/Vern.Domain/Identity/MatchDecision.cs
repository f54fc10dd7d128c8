using Vern.Domain.Cases;

namespace Vern.Domain.Identity;

/// <summary>What a caseworker decided about a duplicate candidate: the two cases are the same child (koblet), or not
/// (avvist).</summary>
public enum MatchVerdict
{
    /// <summary>Koblet: the two cases are about the same child.</summary>
    Linked,

    /// <summary>Avvist: not the same child; the pair is never proposed again.</summary>
    Dismissed,
}

/// <summary>Avgjørelse om mulig dublett: one recorded decision on a pair of cases of one service, with who, when and why.
/// Decisions are never changed or removed; a later decision on the same pair is a new row, and the latest one stands.</summary>
/// <param name="CaseA">One case of the pair (the order does not matter: see <see cref="Pair"/>).</param>
/// <param name="CaseB">The other case.</param>
/// <param name="MunicipalityNumber">The service (kommunenummer) both cases belong to: matching never crosses municipalities.</param>
/// <param name="Reason">Why (begrunnelse), as written by the person deciding; required.</param>
/// <param name="DecidedBy">The user id of the person deciding.</param>
/// <param name="DecidedAt">When (UTC instant, the audit time).</param>
/// <param name="Score">The candidate's score when it was decided (0–1), for the record.</param>
public sealed record MatchDecision(CaseId CaseA, CaseId CaseB, string MunicipalityNumber, MatchVerdict Verdict, string Reason, string DecidedBy,
    DateTimeOffset DecidedAt, double? Score = null)
{
    /// <summary>The pair in a fixed order (the lower id as text first), so (A, B) and (B, A) are one pair.</summary>
    public (CaseId First, CaseId Second) Pair => Ordered(CaseA, CaseB);

    public static (CaseId First, CaseId Second) Ordered(CaseId a, CaseId b) => string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);

    /// <summary>The decision if it is valid, else a bokmål message naming the field and the rule.</summary>
    public static string? Refusal(CaseId a, CaseId b, string reason) =>
        a == b ? "En sak kan ikke kobles med eller avvises mot seg selv: oppgi to ulike saker."
        : string.IsNullOrWhiteSpace(reason) ? "--reason: begrunnelsen for avgjørelsen må oppgis (hvem, når og hvorfor lagres)."
        : reason.Length > 2000 ? "--reason: begrunnelsen kan være høyst 2000 tegn."
        : null;
}
