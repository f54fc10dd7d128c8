using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Web.Forms;
using Vern.Web.Security;

namespace Vern.Web.Pages.State;

/// <summary>A new referral (henvisning) from a case to Bufetat: the measure, the child's needs, the desired start, urgency and
/// the region (from the municipality's county where Vern knows it). Bad input is shown at its field; nothing is stored.</summary>
public sealed class NewModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public Guid CaseId { get; private set; }

    /// <summary>The region Vern would pick for the municipality (null: the caseworker must choose).</summary>
    public string? DefaultRegion { get; private set; }

    public IReadOnlyList<ValidationIssue> Errors { get; private set; } = [];

    [BindProperty] public string? Measure { get; set; }
    [BindProperty] public string? Needs { get; set; }
    [BindProperty] public DateOnly? DesiredStartOn { get; set; }
    [BindProperty] public bool Urgent { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? CentrePurpose { get; set; }

    /// <summary>The form's fields by the option name the state side's messages use for them, and the label the form shows.</summary>
    private static readonly (string Option, string Label)[] Labels =
        [("measure", "Tiltak"), ("purpose", "Formål"), ("needs", "Barnets behov"), ("desired-start", "Ønsket oppstart"), ("region", "Bufetat-region")];

    /// <summary>A broken rule's message in the form's words (its labels, its date format).</summary>
    public static string Shown(string message) => FieldText.Options(message, Labels);

    public IEnumerable<string> ErrorsFor(string field) => Errors.Where(e => e.Path == field).Select(e => Shown(e.Message));

    public Task<IActionResult> OnGetAsync(Guid id) => Act(() =>
    {
        Set(id);
        return Task.FromResult<IActionResult>(Page());
    }, new CaseId(id));

    public Task<IActionResult> OnPostAsync(Guid id) => Act(async () =>
    {
        Set(id);
        try
        {
            if (DesiredStartOn is not { } desired)
                throw new DomainRuleException([new ValidationIssue("vern.state.required", Severity.Error, "desired-start", "Ønsket oppstart: oppgi en dato.", "Vern")]);
            CentrePurpose? purpose = Enum.TryParse<CentrePurpose>(CentrePurpose, out var p) ? p : null;
            var r = await Vern.SendReferralAsync(Actor, new ReferralInput(new CaseId(id), Measure ?? "", Needs ?? "", desired, Urgent, purpose,
                Region: string.IsNullOrWhiteSpace(Region) ? null : Region));
            return Redirect($"/henvisninger/{r.Id}?lagret=sendt");
        }
        catch (DomainRuleException e)
        {
            Errors = e.Issues;
        }
        catch (ArgumentException e) when (!e.Message.Contains("finnes ikke", StringComparison.Ordinal))
        {
            var field = e.Message.StartsWith("--", StringComparison.Ordinal) ? e.Message[2..e.Message.IndexOf(':', StringComparison.Ordinal)] : "";
            Errors = [new ValidationIssue("vern.state.input", Severity.Error, field, e.Message, "Vern")];
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }, new CaseId(id));

    private void Set(Guid id)
    {
        CaseId = id;
        DefaultRegion = Actor.MunicipalityNumber is { } m ? BufetatRegions.OfMunicipality(m) : null;
    }
}
