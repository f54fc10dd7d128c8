namespace Vern.Domain.Cases;

/// <summary>Something a case still lacks before it can be sent to the national register without an SSB finding: not an
/// error in what was recorded (the decider refuses those at entry), but work not yet done. The worklist can show each as
/// an open task with its control and the date it has been open since.</summary>
/// <param name="Control">The SSB control the gap would trip, by its Kravspesifikasjon name.</param>
/// <param name="EntryId">The entry that lacks something.</param>
/// <param name="Since">The legal date the gap opened (e.g. the investigation's conclusion).</param>
/// <param name="IsError">True when SSB reports it as ERROR (else WARNING).</param>
/// <param name="Task">What to do, in bokmål.</param>
public sealed record RegisterGap(string Control, EntryId EntryId, DateOnly Since, bool IsError, string Task);

/// <summary>Finds a case's register gaps (<see cref="RegisterGap"/>). Pure: the state in, the list out.</summary>
public static class RegisterGaps
{
    /// <summary>The open gaps of a case, in date order.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Undersøkelse Kontroll 21: an investigation concluded with code 1 (ERROR) or 2 (WARNING) needs a decision that
    /// follows from it (Relasjon Undersokelse → Vedtak). Concluded 2024-03-01 with code 1 and no decision: a gap since
    /// 2024-03-01, closed by a decision whose <see cref="Decision.InvestigationId"/> is that investigation.</item>
    /// <item>Vedtak Kontroll 20: a decision whose latest status is 2 (begjæring oversendt nemnd) needs the county-board
    /// referral it follows from (WARNING).</item>
    /// </list>
    /// Source: SSB, Kravspesifikasjon for validering (Barnevern), the controls named.</remarks>
    public static IReadOnlyList<RegisterGap> Find(CaseState state)
    {
        var gaps = new List<RegisterGap>();
        foreach (var i in state.Investigations)
        {
            if (i.Conclusion is { Outcome.Code: "1" or "2" } k && !state.Decisions.Exists(d => d.InvestigationId == i.Id))
                gaps.Add(new RegisterGap("Undersøkelse Kontroll 21", i.Id, k.ConcludedOn, k.Outcome.Code == "1",
                    "Undersøkelsen er konkludert med tiltak/omsorgsovertakelse: registrer vedtaket som følger av den"));
        }
        foreach (var d in state.Decisions)
        {
            if (d.CurrentStatus.Code == "2" && (d.CountyBoardReferralId is not { } r || state.FindCountyBoardReferral(r) is null))
                gaps.Add(new RegisterGap("Vedtak Kontroll 20", d.Id, d.CurrentStatus.ChangedOn, false,
                    "Vedtaket har status «begjæring oversendt nemnd»: registrer oversendelsen til nemnda det bygger på"));
        }
        return gaps.OrderBy(g => g.Since).ToList();
    }
}
