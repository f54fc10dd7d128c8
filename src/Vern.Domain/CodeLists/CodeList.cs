namespace Vern.Domain.CodeLists;

/// <summary>One code in an SSB code list (kode i kodeliste), valid from <see cref="ValidFrom"/> to
/// <see cref="ValidTo"/>, both inclusive.</summary>
/// <param name="Code">The code as reported, e.g. "2" or "1.1.01".</param>
/// <param name="Title">SSB's meaning in bokmål ("Betydning").</param>
/// <param name="ValidFrom">"Gyldig fra", inclusive.</param>
/// <param name="ValidTo">"Gyldig til", inclusive; <c>null</c> while still in force.</param>
/// <param name="RequiresSpecification">The title says "krever presisering": the code needs a free-text Presisering.</param>
public sealed record CodeListEntry(string Code, string Title, DateOnly ValidFrom, DateOnly? ValidTo, bool RequiresSpecification)
{
    /// <summary>Whether the code may be used for a fact dated <paramref name="on"/>.</summary>
    public bool IsValidOn(DateOnly on) => on >= ValidFrom && (ValidTo is null || on <= ValidTo);
}

/// <summary>A code list (kodeliste) for one register path, e.g. <c>/Barnevern/Sak/Melding/Melder/@Kode</c>.</summary>
public sealed record CodeList(string Path, string Title, IReadOnlyList<CodeListEntry> Entries)
{
    /// <summary>The entry for <paramref name="code"/>, or null. (A plain loop: register validation asks this for every code of
    /// every file.)</summary>
    public CodeListEntry? Find(string code)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Code == code)
            {
                return Entries[i];
            }
        }

        return null;
    }

    /// <summary>The day the list itself starts: the earliest "Gyldig fra" of its codes.</summary>
    public DateOnly IntroducedOn => Entries.Min(e => e.ValidFrom);

    /// <summary>Whether <paramref name="entry"/> may describe a fact dated <paramref name="on"/> when it is recorded now.</summary>
    /// <remarks>A code is valid from its "Gyldig fra" to its "Gyldig til". One exception: a fact older than the list
    /// itself (a 2019 decision recorded when its history is migrated; SSB's Vedtak/Status list starts 2022-01-01)
    /// is described with the list's first codes — those valid from <see cref="IntroducedOn"/> — as long as they
    /// have not expired. A code that came later (Melder 24 from 2025-01-01, replacing 15) still needs its own date.</remarks>
    public bool Accepts(CodeListEntry entry, DateOnly on) =>
        entry.IsValidOn(on) || (on < entry.ValidFrom && entry.ValidFrom == IntroducedOn);
}

/// <summary>All code lists Vern knows, keyed by register path (see <see cref="CodeListPaths"/>).
/// Loaded from SSB's <c>Kodelister.md</c> by <see cref="KodelisterParser"/>; never hard-coded.</summary>
public sealed class CodeListSet
{
    private readonly IReadOnlyDictionary<string, CodeList> _lists;

    public CodeListSet(IEnumerable<CodeList> lists) =>
        _lists = lists.ToDictionary(l => l.Path, StringComparer.Ordinal);

    public IEnumerable<CodeList> Lists => _lists.Values;

    public CodeList Get(string path) =>
        _lists.TryGetValue(path, out var list)
            ? list
            : throw new KeyNotFoundException($"No code list is loaded for the path {path}.");

    public bool TryGet(string path, out CodeList list) => _lists.TryGetValue(path, out list!);
}

/// <summary>The register paths of the code lists Vern's commands use (paths as in Kodelister.md and Barnevern_v4.xsd).</summary>
public static class CodeListPaths
{
    public const string Reporter = "/Barnevern/Sak/Melding/Melder/@Kode";
    public const string CaseContent = "/Barnevern/Sak/Melding/Saksinnhold/@Kode";
    public const string ReportConclusion = "/Barnevern/Sak/Melding/Konklusjon/@Kode";
    public const string DecisionBasis = "/Barnevern/Sak/Undersokelse/Vedtaksgrunnlag/@Kode";
    public const string ExtensionGranted = "/Barnevern/Sak/Undersokelse/UtvidetFrist/@Innvilget";
    public const string ChildParticipation = "/Barnevern/Sak/Undersokelse/BarnetsMedvirkning/MedvirkningType";
    public const string InvestigationConclusion = "/Barnevern/Sak/Undersokelse/Konklusjon/@Kode";
    public const string PlanType = "/Barnevern/Sak/Plan/@Plantype";
    public const string MeasureCategory = "/Barnevern/Sak/Tiltak/Kategori/@Kode";
    public const string MeasureGrounds = "/Barnevern/Sak/Tiltak/Tiltaksgrunnlag/@Kode";
    public const string Termination = "/Barnevern/Sak/Tiltak/Opphevelse/@Kode";
    public const string DecisionStatus = "/Barnevern/Sak/Vedtak/Status/@Kode";
    public const string ClaimConclusion = "/Barnevern/Sak/Vedtak/Krav/Konklusjon/@Kode";
    public const string AftercareConclusion = "/Barnevern/Sak/Ettervern/Konklusjon/@Kode";
    public const string MoveReasonFrom = "/Barnevern/Sak/Flytting/ArsakFra/@Kode";
    public const string MovedTo = "/Barnevern/Sak/Flytting/FlyttingTil/@Kode";
}
