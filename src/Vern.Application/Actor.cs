using Vern.Domain.Access;
using Vern.Storage;

namespace Vern.Application;

/// <summary>Who acts (aktør): a stored, enabled user, with the role and the service they act for. Every operation that
/// reads or writes case data takes one; its id is recorded on every event and every access-log row.</summary>
/// <param name="UserId">The stored user's id (what events record as <c>recorded_by</c>).</param>
/// <param name="Role">The role (rolle), see <see cref="Vern.Domain.Access.Role"/>.</param>
/// <param name="MunicipalityNumber">The municipality (kommunenummer) of the child welfare service (barneverntjenesten) the user
/// works for; null for state roles and national analysts.</param>
/// <param name="Bydel">The city district (bydel), where the service is organised per district.</param>
/// <param name="Region">For state roles (Bufetat inntak): the Bufetat region they act for.</param>
public sealed record Actor(string UserId, string Name, Role Role, string? MunicipalityNumber, string? Bydel = null, string? Region = null)
{
    public static Actor From(User user) => new(user.Id, user.Name, user.Role, user.MunicipalityNumber, user.Bydel, user.Region);

    /// <summary>The service in words, for messages: "saksbehandler i 4601", "Bufetat inntak region Øst".</summary>
    public string Describe() =>
        $"{Roles.Norwegian(Role)}{(MunicipalityNumber is null ? "" : " i " + MunicipalityNumber)}{(Bydel is null ? "" : " bydel " + Bydel)}{(Region is null ? "" : " region " + Region)}";
}
