using System.Collections.Immutable;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Statistics.Tests;

/// <summary>Tiny builders so a constructed case set reads as table rows.</summary>
internal static class B
{
    private static int _n;

    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static EntryId Entry() => new(Guid.Parse($"00000000-0000-4000-8000-{Interlocked.Increment(ref _n):D12}"));

    public static CaseState Case(string municipality = "7777", DateOnly? born = null, DateOnly? opened = null, DateOnly? closed = null) => new(
        new CaseId(Guid.NewGuid()), 1, municipality, "2020/1", opened ?? D(2015, 1, 1), closed, null,
        [new PersonalDetails(Entry(), opened ?? D(2015, 1, 1), null, born ?? D(2012, 6, 1), Sex.Female, null, null, null)],
        [], [], [], [], [], [], [], [], []);

    public static LegalBasis L(string act, string chapter, string section, params string[] subsections) =>
        new(act, chapter, section, [.. subsections]);

    public static readonly LegalBasis CareOrder = L("BVL2021", "5", "1");
    public static readonly LegalBasis Support = L("BVL2021", "3", "1");
    public static readonly LegalBasis Emergency = L("BVL2021", "4", "2");
    public static readonly LegalBasis Behavioural = L("BVL2021", "6", "2");

    public static CaseState Measure(this CaseState c, LegalBasis basis, string category, DateOnly start, DateOnly? end = null) =>
        c with { Measures = c.Measures.Add(new Measure(Entry(), Entry(), start, basis, new CodedValue(category), [], null, null, null, end)) };

    /// <summary>A decision made on <paramref name="decided"/> and a measure under it from <paramref name="start"/>.</summary>
    public static CaseState Decided(this CaseState c, LegalBasis basis, DateOnly decided, string category, DateOnly start, DateOnly? end = null)
    {
        var decision = new Decision(Entry(), decided, basis, [], [new DecisionStatus(Entry(), decided, "1")], null, null, null);
        return c with
        {
            Decisions = c.Decisions.Add(decision),
            Measures = c.Measures.Add(new Measure(Entry(), decision.Id, start, basis, new CodedValue(category), [], null, null, null, end)),
        };
    }

    public static CaseState Report(this CaseState c, DateOnly received, DateOnly? concluded = null, string code = "2") =>
        c with { Reports = c.Reports.Add(new ReportOfConcern(Entry(), received, [new CodedValue("11")], [new CodedValue("8")], concluded is { } k ? new ReportConclusion(k, code) : null)) };

    /// <summary>An investigation of the case's last report, concluded with <paramref name="outcome"/>.</summary>
    public static CaseState Investigation(this CaseState c, DateOnly started, DateOnly? concluded, string outcome = "1", bool? extensionGranted = null) =>
        c with
        {
            Investigations = c.Investigations.Add(new Investigation(Entry(), c.Reports[^1].Id, started,
                extensionGranted is { } g ? new DeadlineExtension(started, g) : null,
                concluded is { } k ? new InvestigationConclusion(k, new CodedValue(outcome), ImmutableList<CodedValue>.Empty) : null)),
        };
}
