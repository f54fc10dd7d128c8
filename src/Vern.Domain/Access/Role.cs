namespace Vern.Domain.Access;

/// <summary>What a user does in the service (rolle). The policy (Vern.Application's <c>AccessPolicy</c>) says what each
/// role may do; the role alone never gives access to another municipality's children (taushetsplikt,
/// barnevernsloven § 13-1; forvaltningsloven § 13).</summary>
public enum Role
{
    /// <summary>Saksbehandler: works the cases assigned to them (and, where the service has chosen so, all of its cases).</summary>
    Caseworker,

    /// <summary>Leder (barnevernsleder or teamleder): all of the service's cases; assigns them (fordeling).</summary>
    Leader,

    /// <summary>Bufetat inntak (the state's intake, for referrals from the municipalities; issue 21). No municipal case content.</summary>
    BufetatIntake,

    /// <summary>Analytiker: aggregates only, no names or fødselsnummer, small counts suppressed.</summary>
    Analyst,

    /// <summary>Tilsyn (statsforvalteren or an internal auditor): reads, never writes, and must state a purpose.</summary>
    Auditor,

    /// <summary>Administrator: users and configuration, no case content.</summary>
    Administrator,
}

/// <summary>Role names as typed on the command line and stored in the database.</summary>
public static class Roles
{
    public static string Name(Role role) => role switch
    {
        Role.Caseworker => "caseworker",
        Role.Leader => "leader",
        Role.BufetatIntake => "bufetat-intake",
        Role.Analyst => "analyst",
        Role.Auditor => "auditor",
        Role.Administrator => "administrator",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>A stored role name (an event's <c>recorded_role</c>) in bokmål, «ukjent» for null (events stored before roles
    /// were recorded) and the stored text itself when it is no role this version knows.</summary>
    public static string NorwegianOrUnknown(string? stored)
    {
        if (stored is null)
            return "ukjent";
        foreach (var r in All)
            if (string.Equals(stored, Name(r), StringComparison.Ordinal))
                return Norwegian(r);
        return stored;
    }

    /// <summary>The Norwegian term, for messages.</summary>
    public static string Norwegian(Role role) => role switch
    {
        Role.Caseworker => "saksbehandler",
        Role.Leader => "leder",
        Role.BufetatIntake => "Bufetat inntak",
        Role.Analyst => "analytiker",
        Role.Auditor => "tilsyn",
        Role.Administrator => "administrator",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();

    /// <summary>Parses a stored or typed role name (English name or Norwegian term, any case).</summary>
    public static Role Parse(string text)
    {
        foreach (var r in All)
            if (string.Equals(text, Name(r), StringComparison.OrdinalIgnoreCase) || string.Equals(text, Norwegian(r), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, r.ToString(), StringComparison.OrdinalIgnoreCase))
                return r;
        throw new FormatException($"Ukjent rolle «{text}». Gyldige roller: {string.Join(", ", All.Select(Name))}.");
    }
}
