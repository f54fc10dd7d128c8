using System.Globalization;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Storage;
using Vern.Storage.State;

namespace Vern.Synthetic;

/// <summary>What <see cref="StateGenerator"/> made.</summary>
public sealed record StateGenerationSummary(int Referrals, int Offers, int Stays, int Waiting, int BreachesByTime, int ConfirmedBreaches, int Facilities);

/// <summary>The rates the state-side generator draws from, with their sources. Where the seeds give no number the value is
/// marked as Vern's assumption.</summary>
public static class SyntheticStateRates
{
    /// <summary>Share of duty-to-assist referrals without an offer in time, per year the referral is sent. The seeds count breaches
    /// (`003_…` 6.2.1: Bufetat self-reported 141 in 2023 and 151 in 2024; at most 23 confirmed a year before 2023) but give no number
    /// of referrals to divide by: the shares 6 % (2023), 7 % (2024 on) and 1 % (before) are Vern's assumption, shaped by those counts.</summary>
    public static double LateOfferShare(int year) => year >= 2024 ? 0.07 : year == 2023 ? 0.06 : 0.01;

    /// <summary>Share of breaches the county governor confirms on complaint: confirmed / self-reported, `003_…` 6.2.1
    /// (2024: 114 / 151; 2023: 59 / 141; before 2023 the same share as 2023 is assumed).</summary>
    public static double ConfirmedShare(int year) => year >= 2024 ? 114.0 / 151 : 59.0 / 141;

    /// <summary>Emergency foster home stays, lognormal with the 2023 median 111 and mean 188 days (`002_…` 5.2, ended stays).</summary>
    public const double EmergencyMedianDays = 111, EmergencyMeanDays = 188;

    /// <summary>Waiting for a foster home after the desired start, lognormal with mean 216 days (`002_…` 5.3, 2023); the median
    /// 150 is Vern's assumption (the seed shows it in a figure without the number).</summary>
    public const double FosterWaitMedianDays = 150, FosterWaitMeanDays = 216;

    /// <summary>Parent and child centre stays: 2/3 assessment of 50 days, 1/3 guidance of 100 days (`000_…` table 6.1).</summary>
    public const double CentreAssessmentShare = 247.0 / 370;

    /// <summary>Institution stays without an intake assessment / without a follow-up: Vern's assumption (`003_…` ch. 7 finds them
    /// missing for "flere barn" without a share).</summary>
    public const double MissingIntakeAssessment = 0.2, MissingFollowUp = 0.3;
}

/// <summary>Makes referrals, offers, waits and stays for the placements in generated cases: each placement measure (SSB's
/// Kategori 1.x institution, 2.x foster home) gets a referral to Bufetat sent a few days before it starts; some young children's
/// cases get a parent and child centre referral. Deterministic for a seed; reads no clock (recorded instants are the legal dates
/// at noon UTC).</summary>
public static class StateGenerator
{
    /// <summary>The Bufetat region of a generator municipality: 7777 Vernvik is in Øst; the national generator's 7001–7999
    /// take the five regions in turn; a real kommunenummer by its county.</summary>
    public static string RegionOf(string municipalityNumber) =>
        municipalityNumber == DemoGenerator.Municipality.Number ? BufetatRegions.East
        : int.TryParse(municipalityNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 7001 and <= 7999
            ? BufetatRegions.All[(n - 7001) % 5]
        : BufetatRegions.OfMunicipality(municipalityNumber) ?? BufetatRegions.East;

    /// <summary>Demo institutions: for each region, one state institution of each type (invented names; places and day prices are
    /// Vern's assumption, not from the seeds).</summary>
    public static IReadOnlyList<Facility> DemoInstitutions() =>
    [
        .. BufetatRegions.All.Take(5).SelectMany(region => new (string Type, int Places, decimal Price)[] { ("omsorg", 30, 14_000m), ("atferd", 30, 16_000m), ("akutt", 20, 18_000m), ("rus", 8, 17_000m), ("multifunc", 6, 19_000m) }
            .Select(t => new Facility($"inst-{Slug(region)}-{t.Type}", $"Institusjon {region} ({t.Type})", FacilityKind.Institution, FacilityOwner.State, region, t.Places, t.Price,
                new DateOnly(2016, 1, 1), t.Type))),
    ];

    public static async Task<StateGenerationSummary> GenerateAsync(ICaseSnapshots cases, IStateStore state, int seed, DateOnly to, CancellationToken cancellationToken = default)
    {
        var random = new Random(unchecked(seed * 7919 + 21));
        var noon = new TimeOnly(12, 0);
        var facilities = SeedCentres.All.Concat(DemoInstitutions()).ToList();
        foreach (var f in facilities)
            await state.AddFacilityAsync(f, "vern generate", new DateTimeOffset(f.ValidFrom.ToDateTime(noon), TimeSpan.Zero), cancellationToken);
        var centresByRegion = SeedCentres.All.ToLookup(c => c.Region);
        var institutions = DemoInstitutions().ToDictionary(f => (f.Region, f.InstitutionType!));
        int referrals = 0, offers = 0, stays = 0, waiting = 0, late = 0, confirmed = 0;
        var batch = new List<StateCommit>();
        await foreach (var c in cases.ReadStatesAsync(MunicipalityScope.National, cancellationToken))
        {
            var region = RegionOf(c.MunicipalityNumber);
            var child = c.Child;
            var key = child.Identifier ?? child.DufNumber ?? "vern:" + child.Id;
            var childStays = new List<(DateOnly From, DateOnly? To)>();
            foreach (var m in c.Measures.Where(m => MeasureKinds.IsPlacement(m.Category.Code) && m.StartedOn <= to).OrderBy(m => m.StartedOn))
            {
                var urgent = m.LegalBasis.Act == "BVL2021" ? m.LegalBasis.Chapter == "4" : m.LegalBasis is { Chapter: "4", Section: "6" or "25" };
                var code = m.Category.Code.StartsWith('1') ? (urgent ? "institution-emergency" : Pick(random, ("institution-care", 0.55), ("institution-behaviour", 0.3), ("institution-substance", 0.1), ("multifunc", 0.05)))
                    : urgent ? "emergency-foster-home" : random.NextDouble() < 0.15 ? "specialised-foster-home" : "foster-home";
                var measure = MeasureTypes.Get(code);
                var sent = Max(m.StartedOn.AddDays(urgent ? 0 : -random.Next(5, 30)), c.OpenedOn);
                var details = new ReferralDetails(new ReferralId(Ids.NewUuid(random)), c.MunicipalityNumber, region, c.Id, new ReferredChild(key, child.BirthDate, null),
                    code, null, urgent, "Syntetisk henvisning: behov beskrevet i saken.", sent, urgent ? sent : sent.AddDays(random.Next(0, 15)));
                var events = new List<ReferralEvent> { new ReferralSent(details) };
                // Time to an offer: within the rule, or late at the year's share.
                var rule = DutyToAssist.Rules.First(r => r.Covers(details, measure));
                var isLate = random.NextDouble() < SyntheticStateRates.LateOfferShare(sent.Year);
                int offerDays = isLate ? rule.MaxDays + 1 + random.Next(1, 60) : random.Next(0, rule.MaxDays + 1);
                DateOnly? start = null;
                if (measure.WaitsForFosterHome)
                {
                    var wait = (int)Math.Round(LogNormal(random, SyntheticStateRates.FosterWaitMedianDays, SyntheticStateRates.FosterWaitMeanDays));
                    start = details.DesiredStartOn.AddDays(wait);
                    offerDays = Math.Min(offerDays, start.Value.DayNumber - sent.DayNumber);
                }
                var offeredOn = sent.AddDays(Math.Max(0, offerDays));
                if (offeredOn <= to)
                {
                    start ??= Max(offeredOn, details.DesiredStartOn);
                    if (start < offeredOn)
                        start = offeredOn;
                    var facility = measure.InstitutionType is { } type && institutions.TryGetValue((region, type), out var inst) ? inst : null;
                    events.Add(new OfferMade(offeredOn, facility?.Id, facility?.Name ?? measure.Name, start.Value, null));
                    offers++;
                    var length = code == "emergency-foster-home" ? (int)Math.Round(LogNormal(random, SyntheticStateRates.EmergencyMedianDays, SyntheticStateRates.EmergencyMeanDays))
                        : m.EndedOn is { } ended ? Math.Max(1, ended.DayNumber - start.Value.DayNumber + 1) : random.Next(60, 900);
                    var end = start.Value.AddDays(length - 1);
                    if (start <= to && !childStays.Any(s => start <= (s.To ?? DateOnly.MaxValue) && s.From <= end))
                    {
                        var stayId = Ids.NewUuid(random);
                        events.Add(new StayStarted(stayId, start.Value, facility?.Id, facility?.Name ?? measure.Name));
                        if (measure.InstitutionType is not null)
                        {
                            if (random.NextDouble() >= SyntheticStateRates.MissingIntakeAssessment)
                                events.Add(new IntakeAssessmentRecorded(stayId, start.Value.AddDays(random.Next(0, 14)) is var a && a <= to && a <= end ? a : start.Value, "Kartlegging ved inntak (syntetisk)."));
                            if (random.NextDouble() >= SyntheticStateRates.MissingFollowUp && start.Value.AddDays(90) is var f && f <= to && f <= end)
                                events.Add(new FollowUpRecorded(stayId, f, "Evaluering etter tre måneder (syntetisk)."));
                        }
                        if (end <= to)
                            events.Add(new StayEnded(stayId, end, null));
                        childStays.Add((start.Value, end <= to ? end : null));
                        stays++;
                    }
                }
                else if (measure.WaitsForFosterHome)
                {
                    waiting++;
                }
                var outcome = DutyToAssist.Evaluate(ReferralState.Replay(events)!, to);
                if (outcome is { Breach: not BreachKind.None } && outcome.BreachOn is { } breachOn)
                {
                    late++;
                    if (random.NextDouble() < SyntheticStateRates.ConfirmedShare(breachOn.Year) && breachOn.AddDays(60) <= to)
                    {
                        events.Add(new BreachConfirmed(breachOn.AddDays(random.Next(30, 120)) is var on && on <= to ? on : to, $"Statsforvalteren ({region})", null));
                        confirmed++;
                    }
                }
                batch.Add(Commit(events, noon));
                referrals++;
            }
            // A parent and child centre for some young children: 1 in 4 cases of a child under 4 at the case's opening.
            if (c.OpenedOn.DayNumber - child.BirthDate.DayNumber < 4 * 365 && random.NextDouble() < 0.25 && centresByRegion[region].ToList() is { Count: > 0 } centres)
            {
                var assessment = random.NextDouble() < SyntheticStateRates.CentreAssessmentShare;
                var sent = c.OpenedOn.AddDays(random.Next(20, 90));
                if (sent <= to)
                {
                    var centre = centres[random.Next(centres.Count)];
                    var details = new ReferralDetails(new ReferralId(Ids.NewUuid(random)), c.MunicipalityNumber, region, c.Id, new ReferredChild(key, child.BirthDate, null),
                        "parent-child-centre-residential", assessment ? CentrePurpose.Assessment : CentrePurpose.Guidance, false, "Syntetisk henvisning: utredning/veiledning av foreldre og barn.", sent, sent.AddDays(14));
                    var events = new List<ReferralEvent> { new ReferralSent(details) };
                    var offeredOn = sent.AddDays(random.Next(3, 30));
                    var start = offeredOn.AddDays(random.Next(7, 30));
                    if (offeredOn <= to)
                    {
                        events.Add(new OfferMade(offeredOn, centre.Id, centre.Name, start, null));
                        offers++;
                        if (start <= to && !childStays.Any(s => start <= (s.To ?? DateOnly.MaxValue) && s.From <= start.AddDays(100)))
                        {
                            var stayId = Ids.NewUuid(random);
                            events.Add(new StayStarted(stayId, start, centre.Id, centre.Name));
                            var end = start.AddDays((assessment ? 50 : 100) - 1);
                            if (end <= to)
                                events.Add(new StayEnded(stayId, end, null));
                            stays++;
                        }
                    }
                    batch.Add(Commit(events, noon));
                    referrals++;
                }
            }
            if (batch.Count >= 2000)
            {
                await state.CommitManyAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        await state.CommitManyAsync(batch, cancellationToken);
        return new StateGenerationSummary(referrals, offers, stays, waiting, late, confirmed, facilities.Count);
    }

    private static StateCommit Commit(List<ReferralEvent> events, TimeOnly noon)
    {
        var stateNow = ReferralState.Replay(events)!;
        var at = new DateTimeOffset(stateNow.Details.SentOn.ToDateTime(noon), TimeSpan.Zero);
        return new StateCommit(new ReferralAppend(stateNow, 0, [.. events.Select((e, i) => new RecordedReferralEvent(stateNow.Id, i + 1, e, "vern generate", at))]), null, []);
    }

    private static double LogNormal(Random random, double median, double mean)
    {
        var sigma = Math.Sqrt(2 * Math.Log(mean / median));
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(1, median * Math.Exp(sigma * z));
    }

    private static string Pick(Random random, params (string Code, double Weight)[] choices)
    {
        var x = random.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (code, weight) in choices)
            if ((x -= weight) < 0)
                return code;
        return choices[^1].Code;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Slug(string region) => region.ToLowerInvariant().Replace('ø', 'o');
}
