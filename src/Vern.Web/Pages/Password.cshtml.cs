using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>Change one's own password (the old one must be right).</summary>
public sealed class PasswordModel(VernApp vern, CurrentUser current, Accounts accounts) : VernPageModel(vern, current)
{
    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public Task<IActionResult> OnGetAsync() => Act(() => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostAsync([FromForm(Name = "gammelt")] string? old, [FromForm(Name = "nytt")] string? password,
        [FromForm(Name = "gjenta")] string? repeat) => Act(async () =>
    {
        if (await accounts.VerifyAsync(Actor.UserId, old ?? "", HttpContext.RequestAborted) is null)
            Error = "Det nåværende passordet er feil.";
        else if ((password ?? "").Length < Passwords.MinimumLength)
            Error = $"Det nye passordet må ha minst {Passwords.MinimumLength} tegn.";
        else if (password != repeat)
            Error = "De to nye passordene er ikke like.";
        else
        {
            await Vern.SetPasswordHashAsync(Actor, Actor.UserId, Passwords.Hash(password!));
            Message = "Passordet er byttet.";
            return Page();
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    });
}
