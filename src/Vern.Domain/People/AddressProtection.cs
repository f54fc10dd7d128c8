namespace Vern.Domain.People;

/// <summary>Adressebeskyttelse: how Folkeregisteret grades a person's address. Vern holds the grading with the child's
/// personalia so that no view shows the address of a child whose address is protected, and so that such a child is
/// flagged wherever it is shown (duplicate candidates, innsyn).</summary>
/// <remarks>The gradings are Folkeregisteret's: «fortrolig» (formerly kode 7: hidden from private parties, visible to
/// public bodies with a legal basis and a need) and «strengt fortrolig» (formerly kode 6: hidden from nearly all
/// public users too; the person's mail goes through the police), with «strengt fortrolig utland» for a protected
/// address abroad. Source: Folkeregisteret's adressebeskyttelse (folkeregisterloven kapittel 10 and
/// folkeregisterforskriften; the exact section was not verified on Lovdata for this code). SSB's register file
/// (Barnevern_v4.xsd Personalia) has no address and no grading, so the register mapping carries nothing.</remarks>
public enum AddressProtection
{
    /// <summary>Ugradert: no protection recorded.</summary>
    None = 0,

    /// <summary>Fortrolig adresse (formerly kode 7).</summary>
    Confidential = 7,

    /// <summary>Strengt fortrolig adresse (formerly kode 6).</summary>
    StrictlyConfidential = 6,

    /// <summary>Strengt fortrolig adresse i utlandet.</summary>
    StrictlyConfidentialAbroad = 19,
}

/// <summary>Words and rules for <see cref="AddressProtection"/>.</summary>
public static class AddressProtections
{
    /// <summary>True when the address must be shown to no one in Vern (strengt fortrolig, at home or abroad). A
    /// «fortrolig» address is also never shown by Vern, which holds no address; the flag is what differs.</summary>
    public static bool IsStrict(AddressProtection p) => p is AddressProtection.StrictlyConfidential or AddressProtection.StrictlyConfidentialAbroad;

    /// <summary>The grading in bokmål, as shown beside the child.</summary>
    public static string Norwegian(AddressProtection p) => p switch
    {
        AddressProtection.None => "ingen adressebeskyttelse",
        AddressProtection.Confidential => "fortrolig adresse",
        AddressProtection.StrictlyConfidential => "strengt fortrolig adresse",
        AddressProtection.StrictlyConfidentialAbroad => "strengt fortrolig adresse (utland)",
        _ => throw new NotSupportedException($"Adressebeskyttelse {p} has not been implemented."),
    };
}
