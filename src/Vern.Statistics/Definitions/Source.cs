namespace Vern.Statistics.Definitions;

/// <summary>Where a definition or a figure comes from: the seed report (or SSB document), the table or chapter, and
/// the SSB statistics table it corresponds to, if any.</summary>
/// <param name="Document">e.g. "Menon 2023 (seed 002)".</param>
/// <param name="Place">e.g. "tabell 2-1, kap. 5.1, figur 5-2".</param>
/// <param name="SsbTable">SSB statistikkbank table number, e.g. "09050"; null when none.</param>
public sealed record Source(string Document, string Place, string? SsbTable = null)
{
    public override string ToString() => SsbTable is null ? $"{Document}, {Place}" : $"{Document}, {Place}; SSB tabell {SsbTable}";

    public const string Menon = "Menon 2023, statusmåling barnevernsreformen (seed 002)";
    public const string Ks = "KS 2015, hjelpetiltak i kommunene (seed 001)";
    public const string Sandnes = "Rogaland Revisjon 2014, barnevernet i Sandnes (seed 004)";
    public const string SsbRegister = "SSB Kravspesifikasjon barnevernsregisteret";
}
