using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Deadlines.Index;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Rules;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Deadlines;

/// <summary>The feature's entry point for hosts (CLI, the application layer, later the web API): deadlines, worklists,
/// compliance and capacity. It reaches case data, its index and the staff registry only through the storage ports it is
/// given (wired once by the host, e.g. <c>Vern.Storage.Sqlite.SqliteDatabase</c>).</summary>
public sealed class DeadlineService(ICaseSnapshots snapshots, IChangeFeed feed, IDeadlineIndexStore indexStore, IStaffRegistry staff, RuleBook? rules = null)
{
    private readonly DeadlineIndex _index = new(indexStore);

    public RuleBook Rules { get; } = rules ?? RuleBook.Default;

    public DeadlineIndex Index => _index;

    /// <summary>Brings the deadline index up to date (only changed cases are re-projected).</summary>
    public Task<DeadlineIndex.RefreshResult> RefreshIndexAsync(bool rebuild = false, CancellationToken cancellationToken = default) =>
        _index.RefreshAsync(snapshots, feed, rebuild, cancellationToken);

    /// <summary>The indexed facts of the scope, refreshed first, and only of the cases open on <paramref name="openOn"/>
    /// when given (enough for open duties, worklists and capacity; compliance needs all).</summary>
    public async Task<List<CaseFacts>> LoadFactsAsync(MunicipalityScope scope, DateOnly? openOn = null, bool refresh = true, CancellationToken cancellationToken = default)
    {
        if (refresh)
            await _index.CatchUpAsync(snapshots, feed, cancellationToken);
        return await _index.LoadAsync(scope, openOn, cancellationToken);
    }

    /// <summary>Every open duty as of <paramref name="asOf"/>.</summary>
    public List<Obligation> OpenObligations(IReadOnlyList<CaseFacts> facts, DateOnly asOf) => DeadlineEngine.OpenAll(facts, asOf, Rules);

    public IReadOnlyList<Worklist> Worklists(IReadOnlyList<CaseFacts> facts, DateOnly asOf, string? municipalityNumber, string? caseworkerId) =>
        Reports.Worklists.Build(OpenObligations(facts, asOf), municipalityNumber, caseworkerId);

    public ComplianceReport Compliance(IReadOnlyList<CaseFacts> facts, DateOnly from, DateOnly to, string? municipalityNumber) =>
        ComplianceReport.Compute(facts, from, to, Rules, municipalityNumber);

    /// <param name="names">User id → name, for the warnings (<see cref="CapacityReport.Compute"/>).</param>
    /// <param name="open">The open duties of <paramref name="facts"/> as of <paramref name="asOf"/> when the caller has them already
    /// (<see cref="OpenObligations"/>); computed here when null.</param>
    /// <param name="employees">The staff registry's employees of the municipality when the caller has them already (a host keeps them
    /// while the registry is unchanged); read from the registry when null.</param>
    public async Task<CapacityReport> CapacityAsync(IReadOnlyList<CaseFacts> facts, DateOnly asOf, string municipalityNumber,
        IReadOnlyDictionary<string, string>? names = null, IReadOnlyList<Obligation>? open = null, IReadOnlyList<StaffMember>? employees = null,
        CancellationToken cancellationToken = default) =>
        CapacityReport.Compute(municipalityNumber, asOf, facts, open ?? OpenObligations(facts, asOf),
            employees ?? await staff.ListAsync(MunicipalityScope.Of(municipalityNumber), cancellationToken), names);

    /// <summary>One case's open duties straight from its state (the path after a single change).</summary>
    public static List<Obligation> ForCase(CaseState state, DateOnly asOf, RuleBook? rules = null) =>
        DeadlineEngine.Open(CaseFactsProjection.From(state), asOf, rules ?? RuleBook.Default);
}
