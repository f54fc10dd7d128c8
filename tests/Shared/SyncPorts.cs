using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Tests;

/// <summary>Tests only: blocking forms of the async storage ports and <see cref="CaseService"/>, so that rule suites that
/// set up a case in a few lines read as before. Every store here completes on the calling thread or without a
/// synchronization context, so blocking cannot deadlock. The port contract tests themselves are written async.</summary>
internal static class SyncPorts
{
    public static CaseState Open(this CaseService cases, OpenCase command, string user, CaseId? id = null) =>
        cases.OpenAsync(command, user, id).GetAwaiter().GetResult();

    public static CaseState Execute(this CaseService cases, CaseId caseId, CaseCommand command, string user) =>
        cases.ExecuteAsync(caseId, command, user).GetAwaiter().GetResult();

    public static CaseState ExecuteAll(this CaseService cases, CaseId caseId, IEnumerable<CaseCommand> commands, string user) =>
        cases.ExecuteAllAsync(caseId, commands, user).GetAwaiter().GetResult();

    public static CaseChange Change(this CaseService cases, CaseId caseId, CaseCommand command, string user) =>
        cases.ChangeAsync(caseId, command, user).GetAwaiter().GetResult();

    public static long CountEvents(this ICaseSnapshots store) => store.CountEventsAsync().GetAwaiter().GetResult();

    /// <summary>Cases of one municipality, or with null every municipality's.</summary>
    public static IReadOnlyList<CaseHeader> ListCases(this ICaseSnapshots store, string? municipalityNumber = null) =>
        store.ListCasesAsync(MunicipalityScope.OneOrNational(municipalityNumber)).GetAwaiter().GetResult();

    public static List<CaseState> ReadStates(this ICaseSnapshots store, string? municipalityNumber = null) =>
        store.ReadStatesAsync(MunicipalityScope.OneOrNational(municipalityNumber)).ToBlockingEnumerable().ToList();

    public static CaseState? LoadState(this ICaseSnapshots store, CaseId caseId) => store.LoadStateAsync(caseId).GetAwaiter().GetResult();

    public static IReadOnlyList<RecordedEvent> ReadStream(this IEventLog store, CaseId caseId) => store.ReadStreamAsync(caseId).GetAwaiter().GetResult();

    public static void Append(this IEventLog store, IReadOnlyList<CaseAppend> appends) => store.AppendAsync(appends).GetAwaiter().GetResult();
}
