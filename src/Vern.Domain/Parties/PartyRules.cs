using Vern.Domain.Documentation;

namespace Vern.Domain.Parties;

/// <summary>Whether a person is a party (part) to the case on a date, why, and on which legal basis.</summary>
/// <param name="Reason">Why, for the caseworker («Har foreldreansvar: saken gjelder vedkommende direkte.»).</param>
/// <param name="ToReader">Why, said to the person themselves, completing «Du får kopien fordi du er part i saken: …».</param>
public sealed record PartyStatus(bool IsParty, string Reason, string LegalBasis, string ToReader = "");

/// <summary>Who is a party to a child welfare case: the rule as data plus one evaluator.</summary>
/// <remarks>
/// <para>Forvaltningsloven § 2 første ledd bokstav e: a party is the person a decision is directed at or whom the case
/// otherwise directly concerns — in a child welfare case the parents with parental responsibility (and others with it).</para>
/// <para>Barnevernsloven (2021) § 12-3: a child who has turned 15 (and understands what the case is about) may act as a
/// party in cases under the Act. Worked example: a child born 2010-06-01 is a party on 2025-06-01, not on 2025-05-31.
/// Younger children, parents without parental responsibility and others are parties only by a recorded reason
/// (<see cref="CasePerson.PartyReason"/>), e.g. when the county board has granted the child party rights.</para>
/// <para>Source of the age rule: the 1992 Act § 6-3 annet ledd (15 years, understands the case) as quoted by
/// advokatoslo.no and fylkesnemndene.no; its section number in the 2021 Act (§ 12-3) is taken from the task and could not
/// be checked against Lovdata's text here — see docs/innsyn.md.</para>
/// </remarks>
public static class PartyRules
{
    /// <summary>The age from which a child is a party in its own case (barnevernsloven § 12-3).</summary>
    public const int ChildPartyAge = 15;

    public const string ChildBasis = "barnevernsloven § 12-3 (barn som har fylt 15 år)";
    public const string ParentBasis = "forvaltningsloven § 2 første ledd bokstav e";

    public static PartyStatus Of(CasePerson person, DateOnly childBirthDate, DateOnly on)
    {
        if (person.PartyReason is { } reason)
            return new(true, reason, person.Role == PersonRole.Child ? "barnevernsloven § 12-3 (etter særskilt avgjørelse)" : ParentBasis,
                $"barnevernstjenesten har registrert at du er part i saken: {reason.TrimEnd('.')}");
        return person.Role switch
        {
            PersonRole.Child when ParticipationRules.AgeOn(childBirthDate, on) >= ChildPartyAge =>
                new(true, $"Barnet har fylt {ChildPartyAge} år og er part i sin egen sak.", ChildBasis, $"du har fylt {ChildPartyAge} år, og saken handler om deg"),
            PersonRole.Child =>
                new(false, $"Barnet er under {ChildPartyAge} år; foreldrene med foreldreansvar ivaretar barnets partsrettigheter.", ChildBasis),
            PersonRole.Parent or PersonRole.OtherWithParentalResponsibility when person.ParentalResponsibility =>
                new(true, "Har foreldreansvar: saken gjelder vedkommende direkte.", ParentBasis, "du har foreldreansvar for barnet, og saken gjelder deg direkte"),
            PersonRole.Parent or PersonRole.OtherWithParentalResponsibility =>
                new(false, "Har ikke foreldreansvar, og ingen begrunnelse for partsstatus er registrert.", ParentBasis),
            PersonRole.Reporter =>
                new(false, "Den som melder fra, blir ikke part av å melde.", ParentBasis),
            PersonRole.Other =>
                new(false, "Ingen begrunnelse for partsstatus er registrert.", ParentBasis),
            _ => throw new NotImplementedException($"Partsregelen for rollen {person.Role} har ikke blitt implementert."),
        };
    }
}
