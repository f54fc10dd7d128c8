using System.Globalization;
using Vern.Domain.Validation;

namespace Vern.Domain.State;

/// <summary>A command on a referral (what a caseworker or Bufetat's intake asks Vern to record).</summary>
public abstract record ReferralCommand;

public sealed record SendReferral(ReferralDetails Details) : ReferralCommand;

public sealed record MakeOffer(DateOnly OfferedOn, string? FacilityId, string PlaceName, DateOnly StartOn, string? Note) : ReferralCommand;

public sealed record RejectReferral(DateOnly RejectedOn, string Reason) : ReferralCommand;

public sealed record WithdrawReferral(DateOnly WithdrawnOn, string Reason) : ReferralCommand;

public sealed record StartStay(Guid StayId, DateOnly StartOn, string? FacilityId, string? PlaceName) : ReferralCommand;

public sealed record EndStay(DateOnly EndOn, string? Reason) : ReferralCommand;

public sealed record RecordIntakeAssessment(DateOnly On, string Summary) : ReferralCommand;

public sealed record RecordFollowUp(DateOnly On, string Summary) : ReferralCommand;

public sealed record ConfirmBreach(DateOnly ConfirmedOn, string CountyGovernor, string? Reference) : ReferralCommand;

public sealed record RecordSettled(DateOnly SettledOn) : ReferralCommand;

/// <summary>Decides a referral command: the current state (and, for a stay, the child's other stays) → the events, or a
/// <see cref="DomainRuleException"/> naming the field and the rule. Pure: no clock, no storage.</summary>
public static class ReferralDecider
{
    private const string Source = "barnevernsloven § 16-3; Vern";

    /// <param name="childStays">For <see cref="StartStay"/>: the child's residential stays on its other referrals (a child lives
    /// in one place at a time).</param>
    public static IReadOnlyList<ReferralEvent> Decide(ReferralState? state, ReferralCommand command, IReadOnlyList<Stay>? childStays = null)
    {
        if (command is SendReferral send)
        {
            if (state is not null)
                Fail("vern.state.referral.exists", "id", $"Henvisningen {send.Details.Id} finnes allerede.");
            ValidateDetails(send.Details);
            return [new ReferralSent(send.Details)];
        }
        if (state is null)
            throw new ArgumentException("Henvisningen finnes ikke.");
        var d = state.Details;
        switch (command)
        {
            case MakeOffer o:
                RequireOpenFor(state, "gi tilsagn på");
                if (state.Offer is not null)
                    Fail("vern.state.offer.twice", "offered-on", $"Henvisningen har allerede tilsagn ({Date(state.Offer.OfferedOn)}, {state.Offer.PlaceName}).");
                if (o.OfferedOn < d.SentOn)
                    Fail("vern.state.offer.before-referral", "offered-on", $"--offered-on {Date(o.OfferedOn)}: tilsagnet kan ikke gis før henvisningen ble sendt ({Date(d.SentOn)}).");
                if (o.StartOn < o.OfferedOn)
                    Fail("vern.state.offer.start-before-offer", "start-on", $"--start-on {Date(o.StartOn)}: oppstart kan ikke være før tilsagnet ({Date(o.OfferedOn)}).");
                Required(o.PlaceName, "place", "--place: tilsagnet må si hvilket tiltak eller sted som tilbys.");
                return [new OfferMade(o.OfferedOn, Trim(o.FacilityId), o.PlaceName.Trim(), o.StartOn, Trim(o.Note))];
            case RejectReferral r:
                RequireOpenFor(state, "avslå");
                if (state.Status == ReferralStatus.Placed)
                    Fail("vern.state.reject.placed", "rejected-on", "En henvisning der barnet allerede er plassert kan ikke avslås.");
                if (r.RejectedOn < d.SentOn)
                    Fail("vern.state.reject.before-referral", "rejected-on", $"--on {Date(r.RejectedOn)}: avslaget kan ikke være før henvisningen ({Date(d.SentOn)}).");
                Required(r.Reason, "reason", "--reason: et avslag må begrunnes.");
                return [new ReferralRejected(r.RejectedOn, r.Reason.Trim())];
            case WithdrawReferral w:
                RequireOpenFor(state, "trekke");
                if (state.Stays.Count > 0)
                    Fail("vern.state.withdraw.placed", "withdrawn-on", "Barnet er allerede plassert; en henvisning med opphold kan ikke trekkes (avslutt oppholdet).");
                if (w.WithdrawnOn < d.SentOn)
                    Fail("vern.state.withdraw.before-referral", "withdrawn-on", $"--on {Date(w.WithdrawnOn)}: henvisningen kan ikke trekkes før den ble sendt ({Date(d.SentOn)}).");
                Required(w.Reason, "reason", "--reason: oppgi hvorfor henvisningen trekkes.");
                return [new ReferralWithdrawn(w.WithdrawnOn, w.Reason.Trim())];
            case StartStay s:
                RequireOpenFor(state, "registrere opphold på");
                if (state.Offer is null)
                    Fail("vern.state.stay.no-offer", "start-on", "Et opphold krever tilsagn først (tilsagn → plassering).");
                if (state.OpenStay is not null)
                    Fail("vern.state.stay.open", "start-on", $"Henvisningen har et opphold som ikke er avsluttet (fra {Date(state.OpenStay.StartOn)}).");
                if (s.StartOn < state.Offer!.OfferedOn)
                    Fail("vern.state.stay.before-offer", "start-on", $"--start-on {Date(s.StartOn)}: oppholdet kan ikke begynne før tilsagnet ({Date(state.Offer.OfferedOn)}).");
                if (state.Stays.Any(t => t.Overlaps(s.StartOn, null)))
                    Fail("vern.state.stay.overlap", "start-on", $"--start-on {Date(s.StartOn)}: overlapper et tidligere opphold på samme henvisning.");
                if (state.Measure.Residential && childStays?.FirstOrDefault(t => t.Overlaps(s.StartOn, null)) is { } other)
                    Fail("vern.state.stay.overlap", "start-on",
                        $"--start-on {Date(s.StartOn)}: barnet bor allerede i {other.PlaceName} fra {Date(other.StartOn)}{(other.EndOn is { } e ? " til " + Date(e) : "")}; opphold kan ikke overlappe.");
                return [new StayStarted(s.StayId, s.StartOn, Trim(s.FacilityId) ?? state.Offer.FacilityId, Trim(s.PlaceName) ?? state.Offer.PlaceName)];
            case EndStay e:
                {
                    var open = state.OpenStay;
                    if (open is null)
                        Fail("vern.state.stay.none-open", "end-on", "Henvisningen har ikke noe pågående opphold å avslutte.");
                    if (e.EndOn < open!.StartOn)
                        Fail("vern.state.stay.end-before-start", "end-on", $"--end-on {Date(e.EndOn)}: oppholdet kan ikke slutte før det begynner ({Date(open.StartOn)}).");
                    if (state.Measure.Residential && childStays?.FirstOrDefault(t => t.Id != open.Id && t.StartOn > open.StartOn && t.StartOn <= e.EndOn) is { } later)
                        Fail("vern.state.stay.overlap", "end-on", $"--end-on {Date(e.EndOn)}: barnet flyttet til {later.PlaceName} {Date(later.StartOn)}; oppholdene kan ikke overlappe.");
                    return [new StayEnded(open.Id, e.EndOn, Trim(e.Reason))];
                }
            case RecordIntakeAssessment a:
                {
                    var stay = StayOn(state, a.On, "on");
                    Required(a.Summary, "summary", "--summary: skriv hva kartleggingen fant.");
                    return [new IntakeAssessmentRecorded(stay.Id, a.On, a.Summary.Trim())];
                }
            case RecordFollowUp f:
                {
                    var stay = StayOn(state, f.On, "on");
                    Required(f.Summary, "summary", "--summary: skriv hva oppfølgingen fant.");
                    return [new FollowUpRecorded(stay.Id, f.On, f.Summary.Trim())];
                }
            case ConfirmBreach b:
                if (!state.Measure.DutyToAssist)
                    Fail("vern.state.breach.no-duty", "measure", $"Bistandsplikten gjelder ikke {state.Measure.Name} (bare plassering utenfor hjemmet, barnevernsloven § 16-3 andre ledd bokstav a).");
                if (b.ConfirmedOn < d.SentOn)
                    Fail("vern.state.breach.before-referral", "on", $"--on {Date(b.ConfirmedOn)}: et brudd kan ikke konstateres før henvisningen ({Date(d.SentOn)}).");
                Required(b.CountyGovernor, "county-governor", "--county-governor: hvilken statsforvalter konstaterte bruddet?");
                return [new BreachConfirmed(b.ConfirmedOn, b.CountyGovernor.Trim(), Trim(b.Reference))];
            case RecordSettled st:
                if (!d.UnaccompaniedMinor)
                    Fail("vern.state.settled.not-uam", "settled-on", "Bosetting registreres bare for enslige mindreårige (--unaccompanied-minor på henvisningen).");
                if (state.SettledOn is not null)
                    Fail("vern.state.settled.twice", "settled-on", $"Barnet er allerede registrert bosatt {Date(state.SettledOn.Value)}.");
                return [new ChildSettled(st.SettledOn)];
            default:
                throw new NotSupportedException($"Kommandoen {command.GetType().Name} er ikke implementert.");
        }
    }

    /// <summary>The rules of a new referral: a known measure type, a municipality and region, the child's key, the needs
    /// described, the desired start not before the referral.</summary>
    public static void ValidateDetails(ReferralDetails d)
    {
        var issues = new List<ValidationIssue>();
        void Add(string code, string path, string message) => issues.Add(new ValidationIssue(code, Severity.Error, path, message, Source));
        var measure = MeasureTypes.Find(d.MeasureCode);
        if (measure is null)
            Add("vern.state.referral.measure", "measure", $"--measure: ukjent tiltakstype «{d.MeasureCode}». Gyldige: {string.Join(", ", MeasureTypes.All.Select(m => m.Code))}.");
        if (d.MunicipalityNumber.Length != 4 || !d.MunicipalityNumber.All(char.IsAsciiDigit))
            Add("vern.state.referral.municipality", "municipality", $"Kommunenummeret «{d.MunicipalityNumber}» er ikke 4 siffer.");
        if (d.Region.Length == 0)
            Add("vern.state.referral.region", "region", $"--region: kommune {d.MunicipalityNumber} har ikke noe fylke i Verns regionstabell; oppgi Bufetat-regionen.");
        else if (!BufetatRegions.All.Contains(d.Region))
            Add("vern.state.referral.region", "region", $"--region: ukjent region «{d.Region}». Gyldige: {string.Join(", ", BufetatRegions.All)}.");
        if (string.IsNullOrWhiteSpace(d.Child.Key))
            Add("vern.state.referral.child", "child", "Barnet må identifiseres (fødselsnummer, D-nummer eller DUF-nummer) i henvisningen.");
        if (string.IsNullOrWhiteSpace(d.Needs))
            Add("vern.state.referral.needs", "needs", "--needs: henvisningen må beskrive barnets behov (Bufetat skal bygge på kommunens vurdering).");
        if (d.DesiredStartOn < d.SentOn)
            Add("vern.state.referral.desired-start", "desired-start", $"--desired-start {Date(d.DesiredStartOn)}: ønsket oppstart kan ikke være før henvisningen sendes ({Date(d.SentOn)}).");
        if (measure is not null && (measure.Group == MeasureGroup.ParentChildCentre) != d.CentrePurpose is not null)
            Add("vern.state.referral.centre-purpose", "purpose", measure.Group == MeasureGroup.ParentChildCentre
                ? "--purpose: en henvisning til senter for foreldre og barn må si om den gjelder utredning (assessment) eller veiledning (guidance)."
                : "--purpose gjelder bare henvisninger til senter for foreldre og barn.");
        if (d.UnaccompaniedMinor && measure is not null && measure.InstitutionType is null)
            Add("vern.state.referral.uam", "unaccompanied-minor", "--unaccompanied-minor gjelder bare institusjonsplasseringer (redusert egenandel til bosetting).");
        if (measure is not null && measure.Group != MeasureGroup.ParentChildCentre && (d.Parents != 1 || d.Children != 1))
            Add("vern.state.referral.family", "parents", "--parents/--children gjelder bare senter for foreldre og barn (egenbetalingens familieregel, rundskriv 2022).");
        if (d.Parents is < 1 or > 2)
            Add("vern.state.referral.parents", "parents", $"--parents {d.Parents}: én eller to foresatte bor på senteret (familieregelen gjelder én eller to).");
        if (d.Children is < 1 or > 12)
            Add("vern.state.referral.children", "children", $"--children {d.Children}: minst ett barn (det henviste) og høyst 12.");
        if (issues.Count > 0)
            throw new DomainRuleException(issues);
    }

    private static void RequireOpenFor(ReferralState s, string verb)
    {
        if (s.Status == ReferralStatus.Withdrawn)
            Fail("vern.state.referral.withdrawn", "status", $"Kan ikke {verb} en henvisning som er trukket ({Date(s.Closed!.Value)}).");
        if (s.Status == ReferralStatus.Rejected)
            Fail("vern.state.referral.rejected", "status", $"Kan ikke {verb} en henvisning som er avslått ({Date(s.Closed!.Value)}).");
        if (s.Status == ReferralStatus.Ended)
            Fail("vern.state.referral.ended", "status", $"Kan ikke {verb} en henvisning der oppholdet er avsluttet.");
    }

    private static Stay StayOn(ReferralState s, DateOnly on, string path)
    {
        var stay = s.Stays.LastOrDefault(t => t.StartOn <= on && (t.EndOn is null || on <= t.EndOn));
        if (stay is null)
            Fail("vern.state.stay.none-on", path, $"--on {Date(on)}: henvisningen har ikke noe opphold den dagen.");
        return stay!;
    }

    private static void Required(string? text, string path, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
            Fail("vern.state.required", path, message);
    }

    private static void Fail(string code, string path, string message) =>
        throw new DomainRuleException([new ValidationIssue(code, Severity.Error, path, message, Source)]);

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
