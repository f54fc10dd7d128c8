using Vern.Domain.Cases;
using Vern.Domain.People;

namespace Vern.Domain.Identity;

/// <summary>Barnets identitet: what is known of a child when Vern looks for the same child among a service's cases (a
/// new report, a case being opened or imported). Any part may be missing; the matcher uses what there is.</summary>
/// <param name="Identifier">Fødselsnummer or D-nummer (11 digits) or the register's incomplete form, if known.</param>
/// <param name="DufNumber">DUF-nummer from UDI (12 digits), if known.</param>
/// <param name="GivenName">Fornavn, with any middle names, as written.</param>
/// <param name="FamilyName">Etternavn, as written.</param>
/// <param name="BirthDate">Fødselsdato; when left out, the identifier's date (if any) is used.</param>
/// <param name="Sex">Kjønn, if known.</param>
public sealed record ChildIdentity(string? Identifier, string? DufNumber, string? GivenName, string? FamilyName, DateOnly? BirthDate, Sex? Sex)
{
    /// <summary>The parsed identifier when it is a valid fødselsnummer or D-nummer, else null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PersonIdentifier? ParsedIdentifier => Identifier is { Length: 11 } text ? PersonIdentifier.TryParse(text, out _) : null;

    /// <summary>The birth date given, else the one the identifier encodes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateOnly? EffectiveBirthDate => BirthDate ?? ParsedIdentifier?.BirthDate;

    /// <summary>The identity as a case's personalia states it.</summary>
    public static ChildIdentity Of(PersonalDetails p) => new(p.Identifier, p.DufNumber, p.GivenName, p.FamilyName, p.BirthDate, p.Sex);

    /// <summary>The identity as entered for a new case.</summary>
    public static ChildIdentity Of(ChildInput c) => new(c.Identifier, c.DufNumber, c.GivenName, c.FamilyName, c.BirthDate, c.Sex);
}
