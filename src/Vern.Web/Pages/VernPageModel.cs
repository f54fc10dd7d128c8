using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>A page that acts for the signed-in actor through the application layer. Refusals become the 403 page, and are in the
/// access log, written by the application layer. A case outside the actor's service and a case that does not exist get the SAME
/// 403 with the same words (<see cref="CaseRefusal"/>), so nobody learns whether another municipality has a case with that id;
/// a refusal within one's own service (a colleague's case) says why.</summary>
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

    /// <summary>The one answer for a case that is outside the actor's service or does not exist.</summary>
    public const string CaseRefusal = "Du har ikke tilgang til denne saken, eller den finnes ikke. Ingen ser barn i en annen kommune. Forsøket er logget.";

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
                return Refused(CaseRefusal);
            return Refused(e.Message);
        }
        catch (NotInCaseException)
        {
            // A note, decision or attachment named under a case it is not in (logged as refused by the application layer).
            return NotFound();
        }
        catch (ArgumentException) when (caseId is not null)
        {
            // The application layer's "no such case" (logged as a refused read before it was thrown).
            if (await vern.IsOutsideServiceAsync(Actor, caseId.Value))
                return Refused(CaseRefusal);
            throw;
        }
    }

    /// <summary>The 403 page with the refusal (carried to /feil/403 in the request's items).</summary>
    private StatusCodeResult Refused(string refusal)
    {
        Refusal = refusal;
        HttpContext.Items[ErrorModel.RefusalKey] = Refusal;
        return StatusCode(StatusCodes.Status403Forbidden);
    }
}
