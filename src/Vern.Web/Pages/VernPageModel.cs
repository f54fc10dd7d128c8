using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>A page that acts for the signed-in actor through the application layer. Refusals become the error page: a case
/// outside the actor's service is "not found" (404, style habit 29), any other refusal "no access" (403); both are in the
/// access log, written by the application layer.</summary>
public abstract class VernPageModel(VernApp vern, CurrentUser current) : PageModel
{
    protected VernApp Vern => vern;

    public Actor Actor { get; private set; } = null!;

    /// <summary>Why the actor reads (formål): an auditor (tilsyn) must state it for every read; others may.</summary>
    [BindProperty(SupportsGet = true, Name = "formaal")]
    public string? Purpose { get; set; }

    /// <summary>True when the page must ask for <see cref="Purpose"/> before it reads anything.</summary>
    public bool NeedsPurpose => Actor.Role == global::Vern.Domain.Access.Role.Auditor && string.IsNullOrWhiteSpace(Purpose);

    /// <summary>The purpose to log: the one stated, else what the page is for.</summary>
    protected string PurposeOr(string page) => string.IsNullOrWhiteSpace(Purpose) ? page : Purpose.Trim();

    /// <summary>The message on the 403 page.</summary>
    public string? Refusal { get; private set; }

    protected async Task<IActionResult> Act(Func<Task<IActionResult>> action, CaseId? caseId = null)
    {
        Actor = await current.RequireAsync();
        try
        {
            return await action();
        }
        catch (AccessDeniedException e)
        {
            if (caseId is { } id && await vern.IsOutsideServiceAsync(Actor, id))
                return NotFoundPage();
            Refusal = e.Message;
            return Refused();
        }
        catch (ArgumentException) when (caseId is not null)
        {
            return NotFoundPage();
        }
    }

    /// <summary>The 404 page (the status code pages re-run /feil/404).</summary>
    private StatusCodeResult NotFoundPage() => StatusCode(StatusCodes.Status404NotFound);

    /// <summary>The 403 page with the application layer's refusal (carried to /feil/403 in the request's items).</summary>
    private StatusCodeResult Refused()
    {
        HttpContext.Items[ErrorModel.RefusalKey] = Refusal;
        return StatusCode(StatusCodes.Status403Forbidden);
    }
}
