using System.Text.Json.Serialization;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;

namespace Vern.Domain.Parties;

/// <summary>Identity of a person recorded on a case (saksperson): a UUID, stable across the person's versions.</summary>
[JsonConverter(typeof(PersonIdJsonConverter))]
public readonly record struct PersonId(Guid Value)
{
    public override string ToString() => Value.ToString("D");

    public static PersonId Parse(string text) => new(Guid.Parse(text));
}

/// <summary>What a person is to the case (rolle i saken).</summary>
public enum PersonRole
{
    /// <summary>Barnet: the child the case is about (its name and fødselsnummer are the case's personalia; this record adds
    /// the address and its protection).</summary>
    Child,

    /// <summary>Forelder: mother or father, with or without parental responsibility (foreldreansvar, barneloven § 30).</summary>
    Parent,

    /// <summary>Annen med foreldreansvar: a person other than a parent who has parental responsibility (e.g. after a parent's death).</summary>
    OtherWithParentalResponsibility,

    /// <summary>Melder: the person who sent a report of concern (bekymringsmelding). A reporter is not a party for having reported.</summary>
    Reporter,

    /// <summary>Annen: anyone else the case names (a foster parent, a step-parent …); a party only by a recorded reason.</summary>
    Other,
}

/// <summary>One version of a person recorded on a case (saksperson): the child, a parent, another person with parental
/// responsibility, a reporter, or anyone else. A change is a new version with the same <see cref="Id"/>; nothing is
/// overwritten. Who is a party (part, forvaltningsloven § 2 første ledd bokstav e) is decided by <see cref="PartyRules"/>.</summary>
/// <param name="Identifier">Fødselsnummer or D-nummer (11 digits), if known.</param>
/// <param name="Address">The postal address as one line, if known.</param>
/// <param name="ParentalResponsibility">Has foreldreansvar (barneloven § 30) — for parents and others.</param>
/// <param name="ReportId">For a reporter: the report of concern (melding) they sent.</param>
/// <param name="AnonymityRequested">For a reporter: asked that the family not learn who reported.</param>
/// <param name="PartyReason">A recorded reason why this person is a party although the role alone does not make them one
/// (e.g. «barneverns- og helsenemnda ga barnet partsrettigheter», «fosterforelder i sak om flytting»); null if none.</param>
public sealed record CasePerson(
    PersonId Id,
    CaseId CaseId,
    int Version,
    PersonRole Role,
    string Name,
    string? Identifier,
    string? Address,
    AddressProtection Protection,
    bool ParentalResponsibility,
    EntryId? ReportId,
    bool AnonymityRequested,
    string? PartyReason,
    string RecordedBy,
    DateTimeOffset RecordedAt);

/// <summary>Words for persons and parties, and parsing of what is typed.</summary>
public static class PersonText
{
    public static string Role(PersonRole role) => role switch
    {
        PersonRole.Child => "barnet",
        PersonRole.Parent => "forelder",
        PersonRole.OtherWithParentalResponsibility => "annen med foreldreansvar",
        PersonRole.Reporter => "melder",
        PersonRole.Other => "annen person",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string Code(PersonRole role) => role switch
    {
        PersonRole.Child => "child",
        PersonRole.Parent => "parent",
        PersonRole.OtherWithParentalResponsibility => "guardian",
        PersonRole.Reporter => "reporter",
        PersonRole.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static PersonRole ParseRole(string text)
    {
        foreach (var r in Enum.GetValues<PersonRole>())
            if (string.Equals(Code(r), text, StringComparison.OrdinalIgnoreCase) || string.Equals(Role(r), text, StringComparison.OrdinalIgnoreCase))
                return r;
        throw new FormatException($"--role: ukjent rolle «{text}». Gyldige: {string.Join(", ", Enum.GetValues<PersonRole>().Select(Code))}.");
    }

    public static string Protection(AddressProtection p) => p switch
    {
        AddressProtection.None => "ingen",
        AddressProtection.Confidential => "fortrolig",
        AddressProtection.StrictlyConfidential => "strengt fortrolig",
        AddressProtection.StrictlyConfidentialAbroad => "strengt fortrolig (utland)",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    public static string ProtectionCode(AddressProtection p) => p switch
    {
        AddressProtection.None => "none",
        AddressProtection.Confidential => "confidential",
        AddressProtection.StrictlyConfidential => "strictly-confidential",
        AddressProtection.StrictlyConfidentialAbroad => "strictly-confidential-abroad",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    public static AddressProtection ParseProtection(string text) => text.ToLowerInvariant() switch
    {
        "none" or "ingen" => AddressProtection.None,
        "confidential" or "fortrolig" or "kode7" or "7" => AddressProtection.Confidential,
        "strictly-confidential" or "strengt-fortrolig" or "strengt fortrolig" or "kode6" or "6" => AddressProtection.StrictlyConfidential,
        "strictly-confidential-abroad" or "strengt-fortrolig-utland" => AddressProtection.StrictlyConfidentialAbroad,
        _ => throw new FormatException($"--protection: ukjent adressesperre «{text}». Gyldige: none, confidential (fortrolig), strictly-confidential (strengt fortrolig), strictly-confidential-abroad (strengt fortrolig utland)."),
    };
}

/// <summary>Checks a person before it is recorded on a case (pure).</summary>
public static class CasePersonRules
{
    public static IReadOnlyList<ValidationIssue> Validate(CasePerson p, CaseState state)
    {
        var issues = new List<ValidationIssue>();
        void Error(string path, string message) => issues.Add(new ValidationIssue("Saksperson", Severity.Error, path, message, "Vern"));
        if (p.CaseId != state.Id)
            Error("case", $"Personen hører til sak {p.CaseId}, ikke {state.Id}.");
        if (string.IsNullOrWhiteSpace(p.Name) && !(p.Role == PersonRole.Reporter && p.AnonymityRequested))
            Error("--name", "Navnet må oppgis (bare en anonym melder kan være uten navn).");
        if (p.Name.Any(char.IsControl) || (p.Address?.Any(char.IsControl) ?? false) || (p.PartyReason?.Any(char.IsControl) ?? false))
            Error("--name", "Navn, adresse og begrunnelse kan ikke inneholde kontrolltegn.");
        if (p.Identifier is { } id && PersonIdentifier.TryParse(id, out var error) is null)
            Error("--fnr", $"«{id}» er ikke et gyldig fødselsnummer eller D-nummer: {error}");
        if (p.Role == PersonRole.Reporter && p.ReportId is null)
            Error("--report", "En melder knyttes til meldingen hen sendte (--report MELDING-ID).");
        if (p.ReportId is { } r && state.FindReport(r) is null)
            Error("--report", $"Saken har ingen melding med id {r}.");
        if (p.AnonymityRequested && p.Role != PersonRole.Reporter)
            Error("--anonymous", "Bare en melder kan be om å være anonym overfor familien.");
        if (p.Role == PersonRole.Child && p.ParentalResponsibility)
            Error("--parental-responsibility", "Barnet har ikke foreldreansvar i sin egen sak.");
        if (p.PartyReason is { } reason && string.IsNullOrWhiteSpace(reason))
            Error("--party-reason", "Begrunnelsen for partsstatus kan ikke være tom.");
        return issues;
    }
}

internal sealed class PersonIdJsonConverter : JsonConverter<PersonId>
{
    public override PersonId Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        new(reader.GetGuid());

    public override void Write(System.Text.Json.Utf8JsonWriter writer, PersonId value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
