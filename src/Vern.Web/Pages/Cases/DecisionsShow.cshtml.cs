using System.Text;
using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Documentation;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Rendering;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>A decision's reasoned document (vedtaksdokument, issue 22): the draft with its reasons (hjemmel, faktum, vurdering,
/// barnets syn, konklusjon), finalising it (refused while any part of the reasons is empty, forvaltningsloven §§ 24–25), and the
/// document as PDF (headless Chromium) or HTML. Each read and each download is logged by the application layer.</summary>
public sealed class DecisionsShowModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["legal-basis"] = "Hjemmel", ["facts"] = "Faktiske forhold", ["assessment"] = "Vurdering",
        ["child-views"] = "Barnets syn", ["conclusion"] = "Vedtak (konklusjon)", ["template"] = "Mal",
    };

    public DocForm Draft { get; } = new("utkast", Labels);

    public DocForm Finalise { get; } = new("ferdigstill", Labels);

    public DocForm Attach { get; } = new("vedlegg", AttachmentsUpload.Labels);

    public DecisionInCase Decision { get; private set; } = null!;

    public bool MayWrite { get; private set; }

    /// <summary>Staff names by user id, so the page says who wrote what by name ("Sara Saksbehandler", not "sara").</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string Name(string userId) => Names.TryGetValue(userId, out var name) ? name : userId;


    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    public static bool PdfAvailable => PdfPrinter.FindChromium() is not null;

    public static IReadOnlyList<(string, string)> TemplateOptions => [.. DecisionTemplates.All.Select(t => (t.Code, t.Title))];

    public Task<IActionResult> OnGetAsync(Guid id, Guid decisionId) => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        await Load(id, decisionId);
        return Page();
    }, new CaseId(id));

    /// <summary>The decision document as a file (never inline): PDF when Chromium is there, else HTML. Logged ("decision-document").</summary>
    public Task<IActionResult> OnGetFileAsync(Guid id, Guid decisionId, string? format) => Act(async () =>
    {
        var data = await Vern.DecisionDocumentAsync(Actor, new CaseId(id), new EntryId(decisionId), PurposeOr("vedtaksdokument"));
        var html = DecisionDocumentRenderer.Html(data.Case, data.Decision, data.Document, data.Template, data.Participation, data.Flags, global::Vern.Storage.NorwegianTime.Zone, data.Names);
        var name = $"vedtak-{data.Case.JournalNumber.Replace('/', '-')}-{data.Decision.DecidedOn:yyyy-MM-dd}";
        if (format != "html" && PdfAvailable)
        {
            var path = Path.Combine(Path.GetTempPath(), "vern-vedtak-" + Guid.NewGuid().ToString("N") + ".pdf");
            try
            {
                PdfPrinter.Print(html, path, TimeSpan.FromSeconds(90));
                return File(System.IO.File.ReadAllBytes(path), "application/pdf", name + ".pdf");
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }
        return File(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", name + ".html");
    }, new CaseId(id));

    public Task<IActionResult> OnPostDraftAsync(Guid id, Guid decisionId) => Act(() => Draft.PostAsync(this, null, null,
        post => new DecisionReasons(post.Value("legal-basis"), post.Value("facts"), post.Value("assessment"), post.Value("child-views"), post.Value("conclusion")),
        async reasons =>
        {
            await Vern.DraftDecisionDocumentAsync(Actor, new CaseId(id), new EntryId(decisionId), reasons,
                Draft.Value("template") is { Length: > 0 } t ? t : DecisionTemplates.ServiceDecision.Code);
            return $"/saker/{id}/vedtak/{decisionId}?lagret=utkast";
        },
        () => Load(id, decisionId)), new CaseId(id));

    public Task<IActionResult> OnPostFinaliseAsync(Guid id, Guid decisionId) => Act(async () =>
    {
        try
        {
            await Vern.FinaliseDecisionDocumentAsync(Actor, new CaseId(id), new EntryId(decisionId));
            return Redirect($"/saker/{id}/vedtak/{decisionId}?lagret=ferdigstilt");
        }
        catch (DomainRuleException e)
        {
            Finalise.Issues = e.Issues;
        }
        await Load(id, decisionId);
        // The reasons that are empty, each at its own field of the draft form (the rule names them all at once).
        if (Decision.Document is { } document)
        {
            var r = document.Current.Reasons;
            var empty = new[] { ("legal-basis", r.LegalBasis), ("facts", r.Facts), ("assessment", r.Assessment), ("child-views", r.ChildViews), ("conclusion", r.Conclusion) }
                .Where(x => string.IsNullOrWhiteSpace(x.Item2));
            Draft.Issues = [.. empty.Select(x => DocumentationRules.Issue(DocumentationCodes.TextRequired, x.Item1,
                ("source", "forvaltningsloven § 25 (begrunnelsen nevner reglene, de faktiske forholdene og hovedhensynene)")))];
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }, new CaseId(id));

    /// <summary>Attaches an uploaded file to the decision (for example the county board's papers or a letter it rests on).</summary>
    public Task<IActionResult> OnPostAttachAsync(Guid id, Guid decisionId, IFormFile? file) => Act(async () =>
    {
        var issues = await AttachmentsUpload.SaveAsync(Vern, Actor, new CaseId(id), AttachmentOwnerKind.Decision, decisionId, file);
        if (issues.Count == 0)
            return Redirect($"/saker/{id}/vedtak/{decisionId}?lagret=vedlegg");
        Attach.Issues = issues;
        await Load(id, decisionId);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }, new CaseId(id));

    private async Task Load(Guid id, Guid decisionId)
    {
        Decision = await Vern.DecisionInCaseAsync(Actor, new CaseId(id), new EntryId(decisionId), PurposeOr("vedtak"));
        MayWrite = Vern.MayWriteDocumentation(Actor, Decision.Case);
        Names = await Vern.StaffNamesAsync(Actor);
        if (Draft.Values.Count == 0 && Decision.Document is { } d)
        {
            var r = d.Current.Reasons;
            Draft.Values = new Dictionary<string, string[]>
            {
                ["legal-basis"] = [r.LegalBasis], ["facts"] = [r.Facts], ["assessment"] = [r.Assessment], ["child-views"] = [r.ChildViews],
                ["conclusion"] = [r.Conclusion], ["template"] = [d.Current.TemplateCode],
            };
        }
    }

    public string Purposed(string path) => path + DocForm.PurposeQuery(Purpose, path.Contains('?', StringComparison.Ordinal) ? '&' : '?');
}
