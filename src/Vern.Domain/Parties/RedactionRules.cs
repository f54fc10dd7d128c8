namespace Vern.Domain.Parties;

/// <summary>One reason something is left out of a party's access copy (unntak fra partsinnsyn): what is left out, why,
/// in plain bokmål for the person who reads the copy, and the legal basis.</summary>
/// <param name="Code">A stable id («melder-anonym», …) used in logs and tests.</param>
/// <param name="Label">Short words shown in place of the value («Melderens navn»).</param>
/// <param name="Reason">Why, in plain language, addressed to the reader.</param>
/// <param name="LegalBasis">The sections it rests on.</param>
public sealed record RedactionRule(string Code, string Label, string Reason, string LegalBasis);

/// <summary>The redaction rules of the access copy (partsinnsyn), as data. A party's right to see the case's documents
/// (forvaltningsloven § 18) has exceptions in § 19; the service's duty of confidentiality (barnevernsloven § 13-1) covers
/// even a person's fødselsnummer and address (bopel), which forvaltningsloven § 13 annet ledd otherwise leaves out.</summary>
/// <remarks>Sources read for these rules: forvaltningsloven § 19 (wording as quoted by jusinfo.no: «Med mindre det er av
/// vesentlig betydning for en part, har han heller ikke krav på å få gjøre seg kjent med de opplysninger i et dokument som
/// gjelder … b) andre forhold som av særlige grunner ikke bør meddeles videre»); Prop. 133 L (2020–2021) kap. 19 on the
/// stricter duty of confidentiality in child welfare (fødested, fødselsdato, personnummer, bopel …); the two levels of
/// adressesperre in the National Population Register. Not verified here: a section of barnevernsloven 2021 that names
/// the reporter's identity on its own — see docs/innsyn.md.</remarks>
public static class RedactionRules
{
    public static readonly RedactionRule AnonymousReporter = new(
        "melder-anonym",
        "Melderens identitet",
        "Den som meldte bekymring, har bedt om ikke å bli kjent for familien. Navn, hvem hen er for barnet og kontaktopplysninger er derfor tatt ut.",
        "forvaltningsloven § 19 andre ledd bokstav b; barnevernsloven § 13-1");

    public static readonly RedactionRule OtherPersonsIdentityNumber = new(
        "fnr-andre",
        "Fødselsnummer",
        "Fødselsnummeret til andre enn deg er taushetsbelagt og ikke nødvendig for at du skal kunne ivareta dine interesser i saken.",
        "forvaltningsloven § 19 andre ledd bokstav b, jf. barnevernsloven § 13-1");

    public static readonly RedactionRule OtherPersonsAddress = new(
        "adresse-andre",
        "Adresse",
        "Adressen til andre enn deg er taushetsbelagt og ikke nødvendig for at du skal kunne ivareta dine interesser i saken.",
        "forvaltningsloven § 19 andre ledd bokstav b, jf. barnevernsloven § 13-1");

    public static readonly RedactionRule ProtectedAddress = new(
        "adressesperre",
        "Sperret adresse",
        "Adressen er sperret i Folkeregisteret (fortrolig eller strengt fortrolig adresse) og skrives aldri ut, heller ikke i en kopi til den det gjelder.",
        "folkeregisterloven § 10-4 (adressesperre); forvaltningsloven § 19 andre ledd bokstav b");

    /// <summary>A journal note of the kind «intern drøfting»: the service's own working document for preparing the case
    /// (organinternt dokument). Read: forvaltningsloven § 18 a as described by jusinfo.no («Rett til dokumentinnsyn som part»:
    /// a document the body prepared for its internal case preparation, such as a note or a draft, may be withheld) and § 18
    /// second paragraph as quoted there (the body shall still consider giving full or partial access). Not verified here: the
    /// wording of § 18 c on facts in internal documents; the reason tells the party to ask for them. Drafts of notes are never in
    /// the copy at all: a draft is not yet a document of the case (it is finalised or replaced).</summary>
    public static readonly RedactionRule InternalDocument = new(
        "internt-dokument",
        "Intern drøfting",
        "Notater fra barnevernstjenestens interne drøftinger er arbeidsdokumenter for å forberede saken, og er ikke med i kopien. Du kan be om å få se dem; barnevernstjenesten skal da vurdere om du kan få helt eller delvis innsyn, og faktiske opplysninger i dem som har betydning for saken, bør du få.",
        "forvaltningsloven § 18 a (organinterne dokumenter), jf. § 18 andre ledd (merinnsyn skal vurderes)");

    public static readonly IReadOnlyList<RedactionRule> All = [AnonymousReporter, OtherPersonsIdentityNumber, OtherPersonsAddress, ProtectedAddress, InternalDocument];
}
