using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Index;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Rules;
using Vern.Deadlines.Staff;
using Vern.Domain.Cases;
using Vern.Storage.Sqlite;

namespace Vern.Deadlines;

/// <summary>The feature's entry point for hosts (CLI, later the web API): deadlines, worklists, compliance and capacity
/// for the case database at one path. Index and staff registry live in this feature's own tables in that database.</summary>
public sealed class DeadlineService(string databasePath, RuleBook? rules = null)
{
    public RuleBook Rules { get; } = rules ?? RuleBook.Default;

    /// <summary>Brings the deadline index up to date (only changed cases are re-projected).</summary>
    public DeadlineIndex.RefreshResult RefreshIndex(bool rebuild = false)
    {
        using var index = DeadlineIndex.Open(databasePath);
        using var store = SqliteEventStore.Open(databasePath, create: false);
        return index.Refresh(store, rebuild);
    }

    /// <summary>The indexed facts, refreshed first, optionally of one municipality and only of the cases open on
    /// <paramref name="openOn"/> (enough for open duties, worklists and capacity; compliance needs all).</summary>
    public List<CaseFacts> LoadFacts(string? municipalityNumber = null, DateOnly? openOn = null, bool refresh = true)
    {
        using var index = DeadlineIndex.Open(databasePath);
        if (refresh)
        {
            using var store = SqliteEventStore.Open(databasePath, create: false);
            index.Refresh(store);
        }
        return index.Load(municipalityNumber, openOn);
    }

    /// <summary>Every open duty as of <paramref name="asOf"/>.</summary>
    public List<Obligation> OpenObligations(IReadOnlyList<CaseFacts> facts, DateOnly asOf) => DeadlineEngine.OpenAll(facts, asOf, Rules);

    public IReadOnlyList<Worklist> Worklists(IReadOnlyList<CaseFacts> facts, DateOnly asOf, string? municipalityNumber, string? caseworkerId) =>
        Reports.Worklists.Build(OpenObligations(facts, asOf), municipalityNumber, caseworkerId);

    public ComplianceReport Compliance(IReadOnlyList<CaseFacts> facts, DateOnly from, DateOnly to, string? municipalityNumber) =>
        ComplianceReport.Compute(facts, from, to, Rules, municipalityNumber);

    public CapacityReport Capacity(IReadOnlyList<CaseFacts> facts, DateOnly asOf, string municipalityNumber)
    {
        using var registry = StaffRegistry.Open(databasePath);
        return CapacityReport.Compute(municipalityNumber, asOf, facts, OpenObligations(facts, asOf), registry.List(municipalityNumber));
    }

    /// <summary>One case's open duties straight from its state (the path after a single change).</summary>
    public static List<Obligation> ForCase(CaseState state, DateOnly asOf, RuleBook? rules = null) =>
        DeadlineEngine.Open(CaseFactsProjection.From(state), asOf, rules ?? RuleBook.Default);
}
