using Vern.Application;
using Vern.Domain.Access;

namespace Vern.Web.Pages;

/// <summary>The main menu: what each role can open. The pages themselves still ask the application layer, which decides.</summary>
public static class Navigation
{
    public sealed record Item(string Href, string Text);

    public static IReadOnlyList<Item> For(Actor actor) => actor.Role switch
    {
        Role.Caseworker => [new("/", "Arbeidsliste"), new("/sok", "Søk"), new("/saker/ny", "Ny sak")],
        Role.Leader => [new("/", "Arbeidsliste"), new("/leder", "Ledelse"), new("/ansatte", "Ansatte"), new("/register", "Register"), new("/henvisninger", "Henvisninger"), new("/statistikk", "Statistikk"), new("/sok", "Søk"), new("/saker/ny", "Ny sak")],
        Role.Auditor => [new("/sok", "Søk")],
        Role.Administrator => [new("/admin/brukere", "Brukere"), new("/ansatte", "Ansatte")],
        Role.BufetatIntake => [new("/henvisninger", "Henvisninger"), new("/bufetat", "Bufetat"), new("/okonomi", "Økonomi")],
        Role.Analyst => [new("/statistikk", "Statistikk"), new("/bufetat", "Bufetat"), new("/okonomi", "Økonomi")],
        _ => [],
    };

    /// <summary>Where a role starts after login.</summary>
    public static string Home(Actor actor) => actor.Role switch
    {
        Role.Caseworker or Role.Leader => "/",
        Role.Administrator => "/admin/brukere",
        Role.BufetatIntake => "/henvisninger",
        Role.Analyst => "/statistikk",
        _ => "/sok",
    };

    public static string RoleName(Actor actor) => Roles.Norwegian(actor.Role);
}
