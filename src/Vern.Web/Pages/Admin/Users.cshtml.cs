using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Storage;
using Vern.Web.Forms;
using Vern.Web.Security;

namespace Vern.Web.Pages.Admin;

/// <summary>User administration for the administrator: add a user, change role, disable or enable, set a new password.
/// Every change is kept in the user's history by the user store; no case content is shown here.</summary>
public sealed class UsersModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public Task<IActionResult> OnGetAsync() => Act(Load);

    public Task<IActionResult> OnPostAddAsync(string id, string name, string role, string? password) => Act(() => Change(async () =>
    {
        var parsed = Roles.Parse(role);
        await Vern.AddUserAsync(Actor, id?.Trim() ?? "", name?.Trim() ?? "", parsed, parsed is Role.BufetatIntake ? null : Actor.MunicipalityNumber,
            region: parsed is Role.BufetatIntake ? "Øst" : null);
        if (!string.IsNullOrEmpty(password))
            await SetPassword(id!.Trim(), password);
        return $"Brukeren {id} er lagt til.";
    }));

    public Task<IActionResult> OnPostRoleAsync(string id, string role) => Act(() => Change(async () =>
    {
        await Vern.ChangeRoleAsync(Actor, id, Roles.Parse(role), Actor.MunicipalityNumber);
        return $"{id} har nå rollen {Roles.Norwegian(Roles.Parse(role))}.";
    }));

    public Task<IActionResult> OnPostDisableAsync(string id, bool disabled) => Act(() => Change(async () =>
    {
        await Vern.DisableUserAsync(Actor, id, disabled);
        return disabled ? $"{id} er deaktivert." : $"{id} er aktivert igjen.";
    }));

    public Task<IActionResult> OnPostPasswordAsync(string id, string password) => Act(() => Change(async () =>
    {
        await SetPassword(id, password);
        return $"Nytt passord er satt for {id}.";
    }));

    private async Task SetPassword(string id, string password)
    {
        if (password.Length < Passwords.MinimumLength)
            throw new ArgumentException($"Passordet må ha minst {Passwords.MinimumLength} tegn.");
        await Vern.SetPasswordHashAsync(Actor, id, Passwords.Hash(password));
    }

    /// <summary>The add form's fields by the option name the application layer's messages use («--id: …»), and their labels.</summary>
    private static readonly (string Option, string Label)[] Labels = [("id", "Brukernavn"), ("name", "Navn")];

    private async Task<IActionResult> Change(Func<Task<string>> change)
    {
        try
        {
            Message = await change();
        }
        catch (ArgumentException e)
        {
            Error = FieldText.Options(e.Message, Labels);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        catch (FormatException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return await Load();
    }

    private async Task<IActionResult> Load()
    {
        Users = await Vern.ListUsersAsync(Actor);
        return Page();
    }
}
