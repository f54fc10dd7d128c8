using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Vern.Domain.Cases;

namespace Vern.Domain.State;

/// <summary>Identity of a referral (henvisning): a UUID made by the municipality that sends it and kept by Bufetat, so both
/// databases name the same referral.</summary>
[JsonConverter(typeof(ReferralIdJsonConverter))]
public readonly record struct ReferralId(Guid Value)
{
    public override string ToString() => Value.ToString("D");

    public static ReferralId Parse(string text) =>
        Guid.TryParse(text, out var g) ? new(g) : throw new FormatException($"«{text}» er ikke en henvisnings-id (UUID).");
}

/// <summary>Writes a <see cref="ReferralId"/> as its UUID string.</summary>
public sealed class ReferralIdJsonConverter : JsonConverter<ReferralId>
{
    public override ReferralId Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        ReferralId.Parse(reader.GetString() ?? "");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, ReferralId value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>The child a referral is about, as the henvisning names it to Bufetat: the person identifier (fødselsnummer,
/// D-nummer or DUF-nummer) is the key that counts unique children (`003_…` 6.2.1 note 41, "brudd per unike barn").</summary>
public sealed record ReferredChild(string Key, DateOnly BirthDate, string? Name);

/// <summary>Henvisning: the municipality's request to Bufetat for a measure, with the needs described
/// (barnevernsloven § 16-3; Bufdir's Fiks protocol message <c>henvisning</c>).</summary>
/// <param name="CaseId">The municipal case it comes from; known only in the municipality's database (never sent to Bufetat).</param>
/// <param name="SentOn">The date the referral was sent: the duty to assist is counted from it.</param>
/// <param name="DesiredStartOn">Ønsket oppstart: the foster home waiting list counts from it (`002_…` 5.3, figure 5-8).</param>
/// <param name="Urgent">Akutt: an emergency placement (barnevernsloven § 4-2 ff.), held to the emergency rule of the duty to assist.</param>
/// <param name="UnaccompaniedMinor">Enslig mindreårig asylsøker/flyktning: the institution's reduced co-payment holds until settled.</param>
/// <param name="Parents">For a centre for parents and children: the parents (foresatte) who will stay, 1 or 2; the co-payment's
/// family rule counts them (rundskriv 2022, `000_…` 4.1.4). 1 for every other measure.</param>
/// <param name="Children">For a centre for parents and children: the children who will stay, the referred child included. 1 for
/// every other measure.</param>
public sealed record ReferralDetails(
    ReferralId Id,
    string MunicipalityNumber,
    string Region,
    CaseId? CaseId,
    ReferredChild Child,
    string MeasureCode,
    CentrePurpose? CentrePurpose,
    bool Urgent,
    string Needs,
    DateOnly SentOn,
    DateOnly DesiredStartOn,
    bool UnaccompaniedMinor = false,
    int Parents = 1,
    int Children = 1);

/// <summary>Something that happened to a referral, on the municipal side, the state side, or both (a fact, applied without
/// re-validation). Who recorded it and when is kept beside it in storage (<see cref="RecordedReferralEvent"/>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReferralSent), "referral-sent")]
[JsonDerivedType(typeof(ReferralReceived), "referral-received")]
[JsonDerivedType(typeof(OfferMade), "offer-made")]
[JsonDerivedType(typeof(ReferralRejected), "referral-rejected")]
[JsonDerivedType(typeof(ReferralWithdrawn), "referral-withdrawn")]
[JsonDerivedType(typeof(StayStarted), "stay-started")]
[JsonDerivedType(typeof(StayEnded), "stay-ended")]
[JsonDerivedType(typeof(IntakeAssessmentRecorded), "intake-assessment-recorded")]
[JsonDerivedType(typeof(FollowUpRecorded), "follow-up-recorded")]
[JsonDerivedType(typeof(BreachConfirmed), "breach-confirmed")]
[JsonDerivedType(typeof(ChildSettled), "child-settled")]
public abstract record ReferralEvent;

/// <summary>The municipality sent the referral (henvisning sendt).</summary>
public sealed record ReferralSent(ReferralDetails Details) : ReferralEvent;

/// <summary>Bufetat received the referral (henvisning mottatt) from the Fiks message <paramref name="MessageId"/>.</summary>
public sealed record ReferralReceived(ReferralDetails Details, Guid MessageId, DateOnly ReceivedOn) : ReferralEvent;

/// <summary>Tilsagn: Bufetat offered a place (a facility, or a foster home by name) from <paramref name="StartOn"/>.</summary>
public sealed record OfferMade(DateOnly OfferedOn, string? FacilityId, string PlaceName, DateOnly StartOn, string? Note) : ReferralEvent;

/// <summary>Bufetat declined the referral (avslag) with its reason.</summary>
public sealed record ReferralRejected(DateOnly RejectedOn, string Reason) : ReferralEvent;

/// <summary>Trukket melding: the municipality withdrew the referral.</summary>
public sealed record ReferralWithdrawn(DateOnly WithdrawnOn, string Reason) : ReferralEvent;

/// <summary>The child (or family) moved in: a stay (opphold) in the offered place begins.</summary>
public sealed record StayStarted(Guid StayId, DateOnly StartOn, string? FacilityId, string PlaceName) : ReferralEvent;

/// <summary>The stay ended (utskriving, flytting).</summary>
public sealed record StayEnded(Guid StayId, DateOnly EndOn, string? Reason) : ReferralEvent;

/// <summary>The intake assessment (kartlegging ved inntak) of a stay: what `003_…` ch. 7.2.1 found missing.</summary>
public sealed record IntakeAssessmentRecorded(Guid StayId, DateOnly On, string Summary) : ReferralEvent;

/// <summary>A follow-up (oppfølging/evaluering) during the stay: what `003_…` ch. 7.2.2 found missing.</summary>
public sealed record FollowUpRecorded(Guid StayId, DateOnly On, string Summary) : ReferralEvent;

/// <summary>Statsforvalteren confirmed on complaint (klage) that the duty to assist was breached (`003_…` 6.2.1).</summary>
public sealed record BreachConfirmed(DateOnly ConfirmedOn, string CountyGovernor, string? Reference) : ReferralEvent;

/// <summary>The unaccompanied minor was settled in a municipality (bosatt): the reduced institution co-payment ends.</summary>
public sealed record ChildSettled(DateOnly SettledOn) : ReferralEvent;

/// <summary>A stored event with who recorded it and when (the audit instant, separate from the legal dates inside).</summary>
public sealed record RecordedReferralEvent(ReferralId ReferralId, int Version, ReferralEvent Event, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Where a referral stands.</summary>
public enum ReferralStatus
{
    /// <summary>Sent (municipality) or received (Bufetat); no answer yet.</summary>
    Open,
    Offered,
    Rejected,
    Withdrawn,
    /// <summary>A stay has begun and not ended.</summary>
    Placed,
    /// <summary>The stay has ended.</summary>
    Ended,
}

/// <summary>A stay (opphold) in a place, inclusive at both ends; <see cref="EndOn"/> is null while it lasts.</summary>
public sealed record Stay(Guid Id, DateOnly StartOn, DateOnly? EndOn, string? FacilityId, string PlaceName,
    ImmutableList<DateOnly> IntakeAssessments, ImmutableList<DateOnly> FollowUps)
{
    /// <summary>True when this stay and [from, to] share a day (open ends run to the end of time).</summary>
    public bool Overlaps(DateOnly from, DateOnly? to) => StartOn <= (to ?? DateOnly.MaxValue) && from <= (EndOn ?? DateOnly.MaxValue);

    /// <summary>Days of the stay within [from, to], both inclusive (an open stay counts to <paramref name="to"/>).</summary>
    public int DaysWithin(DateOnly from, DateOnly to)
    {
        var start = StartOn > from ? StartOn : from;
        var end = EndOn is { } e && e < to ? e : to;
        return end < start ? 0 : end.DayNumber - start.DayNumber + 1;
    }
}

/// <summary>A referral as rebuilt from its events (on either side).</summary>
/// <param name="Offer">The offer (tilsagn), if any.</param>
/// <param name="Closed">The date of a rejection or withdrawal.</param>
public sealed record ReferralState(
    ReferralDetails Details,
    int Version,
    ReferralStatus Status,
    OfferMade? Offer,
    DateOnly? Closed,
    string? ClosedReason,
    ImmutableList<Stay> Stays,
    ImmutableList<BreachConfirmed> ConfirmedBreaches,
    DateOnly? SettledOn,
    Guid? ReceivedMessageId)
{
    public ReferralId Id => Details.Id;

    public MeasureType Measure => MeasureTypes.Find(Details.MeasureCode)
        ?? throw new InvalidOperationException($"Tiltakstypen «{Details.MeasureCode}» er ikke kjent i denne Vern-versjonen.");

    public Stay? OpenStay => Stays.LastOrDefault(s => s.EndOn is null);

    /// <summary>The first day a place was available to the child: the offer's start date (null before an offer).</summary>
    public DateOnly? OfferedStartOn => Offer?.StartOn;

    /// <summary>Builds the state from its events in order. An unknown event type throws, naming it.</summary>
    public static ReferralState? Replay(IEnumerable<ReferralEvent> events)
    {
        ReferralState? s = null;
        foreach (var e in events)
            s = Apply(s, e);
        return s;
    }

    /// <summary>Applies one event (never re-validates: events are facts).</summary>
    public static ReferralState Apply(ReferralState? s, ReferralEvent e) => e switch
    {
        ReferralSent x => new(x.Details, 1, ReferralStatus.Open, null, null, null, [], [], null, null),
        ReferralReceived x => new(x.Details, 1, ReferralStatus.Open, null, null, null, [], [], null, x.MessageId),
        _ when s is null => throw new InvalidOperationException($"Hendelsen {e.GetType().Name} kan ikke komme før henvisningen."),
        OfferMade x => s with { Version = s.Version + 1, Status = ReferralStatus.Offered, Offer = x },
        ReferralRejected x => s with { Version = s.Version + 1, Status = ReferralStatus.Rejected, Closed = x.RejectedOn, ClosedReason = x.Reason },
        ReferralWithdrawn x => s with { Version = s.Version + 1, Status = ReferralStatus.Withdrawn, Closed = x.WithdrawnOn, ClosedReason = x.Reason },
        StayStarted x => s with { Version = s.Version + 1, Status = ReferralStatus.Placed, Stays = s.Stays.Add(new Stay(x.StayId, x.StartOn, null, x.FacilityId, x.PlaceName, [], [])) },
        StayEnded x => s with { Version = s.Version + 1, Status = ReferralStatus.Ended, Stays = s.Stays.Select(t => t.Id == x.StayId ? t with { EndOn = x.EndOn } : t).ToImmutableList() },
        IntakeAssessmentRecorded x => s with { Version = s.Version + 1, Stays = s.Stays.Select(t => t.Id == x.StayId ? t with { IntakeAssessments = t.IntakeAssessments.Add(x.On) } : t).ToImmutableList() },
        FollowUpRecorded x => s with { Version = s.Version + 1, Stays = s.Stays.Select(t => t.Id == x.StayId ? t with { FollowUps = t.FollowUps.Add(x.On) } : t).ToImmutableList() },
        BreachConfirmed x => s with { Version = s.Version + 1, ConfirmedBreaches = s.ConfirmedBreaches.Add(x) },
        ChildSettled x => s with { Version = s.Version + 1, SettledOn = x.SettledOn },
        _ => throw new NotSupportedException($"Hendelsestypen {e.GetType().Name} er ikke implementert."),
    };
}
