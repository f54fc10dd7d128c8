using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Web.Forms;
using Vern.Web.Security;

namespace Vern.Web.Pages.State;

/// <summary>One referral (henvisning): what was asked, the duty-to-assist clock, what happened (events with who and when), and
/// the forms the actor's role may use: Bufetat's intake offers (tilsagn), rejects (avslag) or registers the stay; the
/// municipality withdraws (trukket melding). A refused or broken command stores nothing and says why, naming the field.</summary>
public sealed class ReferralModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public ReferralState Referral { get; private set; } = null!;

    public IReadOnlyList<RecordedReferralEvent> Events { get; private set; } = [];

    public IReadOnlyList<Facility> Facilities { get; private set; } = [];

    public DateOnly Today { get; private set; }

    /// <summary>Why the last command was refused, by field (nothing was stored).</summary>
    public IReadOnlyList<ValidationIssue> Errors { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    public bool Bufetat => Actor.Role == Role.BufetatIntake;

    public bool Municipal => Actor.Role is Role.Caseworker or Role.Leader;

    public Task<IActionResult> OnGetAsync(Guid id) => Act(() => Found(async () =>
    {
        if (NeedsPurpose)
            return Page();
        await Load(id);
        return Page();
    }));

    /// <summary>A referral outside the actor's scope and one that does not exist get the same 404 (the application layer has
    /// logged the refused read), as the API answers.</summary>
    private async Task<IActionResult> Found(Func<Task<IActionResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException e) when (e.Message.Contains("finnes ikke", StringComparison.Ordinal))
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostOfferAsync(Guid id, string? place, string? facility, DateOnly? startOn, string? note) =>
        Command(id, "tilsagn", OfferLabels, () => startOn is { } start
            ? Vern.OfferAsync(Actor, new ReferralId(id), new MakeOffer(Vern.Today, string.IsNullOrWhiteSpace(facility) ? null : facility,
                string.IsNullOrWhiteSpace(place) ? Facilities.FirstOrDefault(f => f.Id == facility)?.Name ?? "" : place, start, note))
            : throw Missing("start-on", "Oppstart: oppgi dato for oppstart."));

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason) =>
        Command(id, "avslag", ReasonLabels, () => Vern.RejectAsync(Actor, new ReferralId(id), null, reason ?? ""));

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, string? reason) =>
        Command(id, "trukket", ReasonLabels, () => Vern.WithdrawReferralAsync(Actor, new ReferralId(id), null, reason ?? ""));

    public Task<IActionResult> OnPostStayAsync(Guid id, DateOnly? startOn) =>
        Command(id, "opphold", StayLabels, () => startOn is { } start ? Vern.StartStayAsync(Actor, new ReferralId(id), start)
            : throw Missing("start-on", "Innflytting: oppgi dato."));

    /// <summary>Each form's fields by the option name the state side's messages use for them, and the label the form shows
    /// («Oppstart» on the offer, «Innflyttet» on the stay).</summary>
    private static readonly (string Option, string Label)[] OfferLabels =
        [("facility", "Tiltakssted"), ("place", "Sted eller fosterhjem som tilbys"), ("start-on", "Oppstart"), ("note", "Merknad")];

    private static readonly (string Option, string Label)[] ReasonLabels = [("reason", "Begrunnelse")];

    private static readonly (string Option, string Label)[] StayLabels = [("start-on", "Innflyttet")];

    private IReadOnlyList<(string Option, string Label)> _labels = [];

    /// <summary>A broken rule's message in the words of the form that was sent (its labels, its date format).</summary>
    public string Shown(string message) => FieldText.Options(message, _labels);

    /// <summary>The messages of the issues on one field (for the field's error text).</summary>
    public IEnumerable<string> ErrorsFor(string field) => Errors.Where(e => e.Path == field).Select(e => Shown(e.Message));

    private static DomainRuleException Missing(string field, string message) =>
        new([new ValidationIssue("vern.state.required", Severity.Error, field, message, "Vern")]);

    private Task<IActionResult> Command(Guid id, string saved, IReadOnlyList<(string Option, string Label)> labels, Func<Task<ReferralState>> command) => Act(() => Found(async () =>
    {
        _labels = labels;
        await Load(id);
        try
        {
            await command();
            return Redirect($"/henvisninger/{id}?lagret={saved}");
        }
        catch (DomainRuleException e)
        {
            Errors = e.Issues;
        }
        catch (ArgumentException e) when (!e.Message.Contains("finnes ikke", StringComparison.Ordinal))
        {
            Errors = [new ValidationIssue("vern.state.input", Severity.Error, "", e.Message, "Vern")];
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await Load(id);
        return Page();
    }));

    private async Task Load(Guid id)
    {
        Today = Vern.Today;
        (Referral, Events) = await Vern.ShowReferralAsync(Actor, new ReferralId(id), PurposeOr("henvisning"));
        if (Bufetat)
            Facilities = await Vern.FacilitiesAsync(Actor, Actor.Region);
    }
}
