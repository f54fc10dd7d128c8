using System.Collections.Immutable;

namespace Vern.Domain.State;

/// <summary>How long Bufetat may take to offer a place before the duty to assist (bistandsplikt) counts as breached.</summary>
/// <remarks>
/// The law sets no number of days: barnevernsloven § 16-3 andre ledd bokstav a gives Bufetat the duty to assist with placing a
/// child outside the home when the municipality asks (cited so by Bufdir, tolkningsuttalelse 2023/73305-4 of 30.04.2024), and
/// the offer must come within a defensible time ("innen forsvarlig tid", `003_…` 6.2.1). For emergencies Bufdir's intake
/// guidance says an offer is as a rule given within two hours of the referral (bufdir.no, "Forespørsel om akuttplass", 2016):
/// Vern counts whole days, so an urgent referral must have its offer the same day. For other placements the numbers below are
/// <b>Vern's default assumption</b>, not law: a service that reads "forsvarlig tid" otherwise adds a new version of the table
/// (never edits one). Example: a non-urgent institution referral sent 2024-03-01 with the 30-day rule is breached if no offer
/// has come by 2024-03-31; the breach dates from 2024-04-01.
/// </remarks>
/// <param name="MaxDays">Days from the referral's sent date to the offer's date that are still within the duty (0: same day).</param>
public sealed record DutyToAssistRule(string Id, bool Urgent, MeasureGroup Group, bool FosterHome, int MaxDays, DateOnly ValidFrom, DateOnly? ValidTo, string Source)
{
    public bool Covers(ReferralDetails d, MeasureType m) =>
        m.DutyToAssist && m.Group == Group && Urgent == d.Urgent && (Urgent || FosterHome == m.WaitsForFosterHome)
        && d.SentOn >= ValidFrom && (ValidTo is null || d.SentOn <= ValidTo);
}

/// <summary>Why a referral counts as a breach of the duty to assist.</summary>
public enum BreachKind
{
    None,
    /// <summary>No offer within the rule's days (Vern's count).</summary>
    NoOfferInTime,
    /// <summary>Statsforvalteren confirmed a breach on complaint (recorded event).</summary>
    ConfirmedByCountyGovernor,
    /// <summary>Both.</summary>
    Both,
}

/// <summary>What the duty to assist says of one referral as of a date.</summary>
/// <param name="DaysToOffer">Days from the referral to the offer, or null while none has come.</param>
/// <param name="BreachOn">The date the breach counts from: the day after the deadline, or the county governor's confirmation.</param>
public sealed record DutyOutcome(ReferralState Referral, DutyToAssistRule Rule, int? DaysToOffer, DateOnly Deadline, BreachKind Breach, DateOnly? BreachOn);

/// <summary>The duty-to-assist rules as versioned data, and their evaluator.</summary>
public static class DutyToAssist
{
    private const string Law = "barnevernsloven § 16-3 andre ledd bokstav a (https://lovdata.no/lov/2021-06-18-97/§16-3; cited by Bufdir tolkningsuttalelse 2023/73305-4)";

    public static readonly ImmutableArray<DutyToAssistRule> Rules =
    [
        new("bistandsplikt.akutt.v1", true, MeasureGroup.Placement, false, 0, new(2023, 1, 1), null,
            Law + "; bufdir.no Forespørsel om akuttplass: tilbud som regel innen to timer"),
        new("bistandsplikt.institusjon.v1", false, MeasureGroup.Placement, false, 30, new(2023, 1, 1), null,
            Law + "; 30 dager er Verns antakelse for «forsvarlig tid» (`003_…` 6.2.1), ikke lovtekst"),
        new("bistandsplikt.fosterhjem.v1", false, MeasureGroup.Placement, true, 90, new(2023, 1, 1), null,
            Law + "; 90 dager er Verns antakelse for «forsvarlig tid» (`003_…` 6.2.1), ikke lovtekst"),
        // The 1992 Act (§ 2-3 annet ledd bokstav a, Bufdir saksbehandlingsrundskrivet 2.1) for referrals sent before 2023.
        new("bistandsplikt.akutt.bvl1992", true, MeasureGroup.Placement, false, 0, new(1993, 1, 1), new(2022, 12, 31),
            "barnevernloven 1992 § 2-3 annet ledd bokstav a (Bufdir saksbehandlingsrundskrivet 2.1)"),
        new("bistandsplikt.institusjon.bvl1992", false, MeasureGroup.Placement, false, 30, new(1993, 1, 1), new(2022, 12, 31),
            "barnevernloven 1992 § 2-3 annet ledd bokstav a; 30 dager er Verns antakelse"),
        new("bistandsplikt.fosterhjem.bvl1992", false, MeasureGroup.Placement, true, 90, new(1993, 1, 1), new(2022, 12, 31),
            "barnevernloven 1992 § 2-3 annet ledd bokstav a; 90 dager er Verns antakelse"),
    ];

    /// <summary>The rule for a referral (by its sent date, not today), or null where the duty does not apply.</summary>
    public static DutyToAssistRule? RuleFor(ReferralState r) => Rules.FirstOrDefault(x => x.Covers(r.Details, r.Measure));

    /// <summary>The duty's outcome for a referral as of <paramref name="asOf"/>, or null where the duty does not apply. A
    /// referral withdrawn or rejected counts as breached only if the deadline passed before it was closed without an offer
    /// (a rejection is no offer: the duty is absolute, `003_…` ch. 4).</summary>
    public static DutyOutcome? Evaluate(ReferralState r, DateOnly asOf)
    {
        if (RuleFor(r) is not { } rule)
            return null;
        var sent = r.Details.SentOn;
        var deadline = sent.AddDays(rule.MaxDays);
        int? days = r.Offer is { } o ? o.OfferedOn.DayNumber - sent.DayNumber : null;
        var lateOn = deadline.AddDays(1);
        var timeBreach = r.Offer is { } offer ? offer.OfferedOn > deadline && offer.OfferedOn <= asOf
            : lateOn <= asOf && (r.Status != ReferralStatus.Withdrawn || r.Closed > deadline);
        var confirmed = r.ConfirmedBreaches.Where(b => b.ConfirmedOn <= asOf).Select(b => (DateOnly?)b.ConfirmedOn).Min();
        var kind = (timeBreach, confirmed is not null) switch
        {
            (true, true) => BreachKind.Both,
            (true, false) => BreachKind.NoOfferInTime,
            (false, true) => BreachKind.ConfirmedByCountyGovernor,
            _ => BreachKind.None,
        };
        DateOnly? on = kind switch
        {
            BreachKind.NoOfferInTime or BreachKind.Both => lateOn,
            BreachKind.ConfirmedByCountyGovernor => confirmed,
            _ => null,
        };
        return new DutyOutcome(r, rule, days, deadline, kind, on);
    }
}
