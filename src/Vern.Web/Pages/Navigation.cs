using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>The main menu: what each role can open. The pages themselves still ask the application layer, which decides.</summary>
public static class Navigation
{
    public sealed record Item(string Href, string Text);

    public static IReadOnlyList<Item> For(SignedIn user) => user.Role switch
    {
        "caseworker" => [new("/", "Arbeidsliste"), new("/sok", "Søk")],
        "leader" => [new("/", "Arbeidsliste"), new("/sok", "Søk"), new("/leder", "Ledelse")],
        "auditor" => [new("/sok", "Søk")],
        "administrator" => [new("/admin/brukere", "Brukere")],
        _ => [],
    };

    public static string RoleName(SignedIn user) => user.Role switch
    {
        "caseworker" => "saksbehandler",
        "leader" => "leder",
        "bufetat-intake" => "Bufetat inntak",
        "analyst" => "analytiker",
        "auditor" => "tilsyn",
        "administrator" => "administrator",
        var other => other,
    };
}
