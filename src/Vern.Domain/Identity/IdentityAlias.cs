using Vern.Domain.Cases;
using Vern.Domain.People;

namespace Vern.Domain.Identity;

/// <summary>What kind of number an <see cref="IdentityAlias"/> is.</summary>
public enum AliasKind
{
    /// <summary>Fødselsnummer (e.g. the new number after a D-nummer, or a corrected one).</summary>
    Fodselsnummer,

    /// <summary>D-nummer (the first digit + 4).</summary>
    DNummer,

    /// <summary>DUF-nummer from UDI.</summary>
    DufNumber,
}

/// <summary>Identitetsalias: another number the child of a case is known by (a D-nummer before the fødselsnummer, a
/// DUF-nummer, a former fødselsnummer), recorded with who, when and why. A report that gives that number finds the
/// case. Aliases are never changed or removed.</summary>
public sealed record IdentityAlias(CaseId CaseId, string MunicipalityNumber, AliasKind Kind, string Value, string Reason, string RecordedBy, DateTimeOffset RecordedAt)
{
    /// <summary>The kind of a valid number, or a bokmål message naming the rule it breaks.</summary>
    public static (AliasKind? Kind, string? Refusal) Classify(string value)
    {
        if (value is { Length: 12 } && value.All(char.IsAsciiDigit))
            return DufNumber.IsValid(value) ? (AliasKind.DufNumber, null) : (null, $"«{value}» er ikke et gyldig DUF-nummer (kontrollsifrene stemmer ikke).");
        var id = PersonIdentifier.TryParse(value, out var error);
        return id?.Kind switch
        {
            IdentifierKind.Fodselsnummer or IdentifierKind.Synthetic => (AliasKind.Fodselsnummer, null),
            IdentifierKind.DNummer => (AliasKind.DNummer, null),
            IdentifierKind.Incomplete => (null, $"«{value}» er et ufullstendig nummer (fødselsdato + 00100/00200/99999) og identifiserer ikke barnet."),
            _ => (null, $"«{value}» er verken fødselsnummer, D-nummer eller DUF-nummer: {error}."),
        };
    }
}
