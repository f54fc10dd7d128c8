using Vern.Domain.Cases;
using Vern.Domain.CodeLists;

namespace Vern.Storage;

/// <summary>Runs commands against stored cases: read state, decide, append with the expected version.
/// Only after a successful append is the new state returned. A refused command throws
/// <see cref="Vern.Domain.Validation.DomainRuleException"/> and stores nothing.</summary>
public sealed class CaseService(IEventLog log, ICaseSnapshots snapshots, CodeListSet codeLists, TimeProvider clock, Func<Guid>? newId = null)
{
    private readonly Func<Guid> _newId = newId ?? Guid.NewGuid;

    /// <summary>One store that offers both ports (the usual wiring).</summary>
    public CaseService(IEventStore store, CodeListSet codeLists, TimeProvider clock, Func<Guid>? newId = null)
        : this(store, store, codeLists, clock, newId) { }

    public IEventLog Log => log;

    public ICaseSnapshots Snapshots => snapshots;

    public TimeProvider Clock => clock;

    /// <summary>Today's date in Norway (Europe/Oslo), the date legal facts are checked against.</summary>
    public DateOnly Today => NorwegianTime.Today(clock);

    /// <summary>Opens a new case and returns its state.</summary>
    public Task<CaseState> OpenAsync(OpenCase command, string user, CaseId? id = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(id ?? new CaseId(_newId()), command, user, cancellationToken);

    /// <summary>Executes one command on one case, in one transaction.</summary>
    public async Task<CaseState> ExecuteAsync(CaseId caseId, CaseCommand command, string user, CancellationToken cancellationToken = default) =>
        (await ChangeAsync(caseId, command, user, cancellationToken)).State;

    /// <summary>Executes one command on one case, in one transaction, and returns exactly the events this call
    /// appended (with their versions): never those another writer appended before or after.</summary>
    public Task<CaseChange> ChangeAsync(CaseId caseId, CaseCommand command, string user, CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, command, user, state: null, cancellationToken: cancellationToken);

    /// <summary>As <see cref="ChangeAsync(CaseId, CaseCommand, string, CancellationToken)"/>, decided on
    /// <paramref name="state"/> (the state the caller already read, or null to read it here). The append carries that state's
    /// version as the expected version, so if anyone appended after it was read, the event log refuses the append with
    /// <see cref="ConcurrencyException"/> and nothing is stored: the decision is never applied to a case it was not made on.
    /// <paramref name="role"/> is the actor's role, recorded in each event's metadata (issue 15).</summary>
    public async Task<CaseChange> ChangeAsync(CaseId caseId, CaseCommand command, string user, CaseState? state, string? role = null, CancellationToken cancellationToken = default)
    {
        state ??= await snapshots.LoadStateAsync(caseId, cancellationToken);
        var expected = state?.Version ?? 0;
        var (events, next) = Decide(state, caseId, command);
        var at = clock.GetUtcNow();
        await log.AppendAsync([new CaseAppend(caseId, expected, events.Select(e => new PendingEvent(e, user, at, role)).ToList(), next)], cancellationToken);
        return new CaseChange(next, events.Select((e, i) => new RecordedEvent(caseId, expected + i + 1, user, at, e, role)).ToList());
    }

    /// <summary>Executes a sequence of commands on one case as one all-or-nothing transaction
    /// (used by import and the data generators). <paramref name="role"/> is the recorder's role, on every event (issue 15).</summary>
    public async Task<CaseState> ExecuteAllAsync(CaseId caseId, IEnumerable<CaseCommand> commands, string user, string? role = null, CancellationToken cancellationToken = default)
    {
        var state = await snapshots.LoadStateAsync(caseId, cancellationToken);
        var expected = state?.Version ?? 0;
        var pending = new List<PendingEvent>();
        foreach (var command in commands)
        {
            var (events, next) = Decide(state, caseId, command);
            pending.AddRange(events.Select(e => new PendingEvent(e, user, clock.GetUtcNow(), role)));
            state = next;
        }
        await log.AppendAsync([new CaseAppend(caseId, expected, pending, state!)], cancellationToken);
        return state!;
    }

    /// <summary>The decision without storing: events and the state they lead to. <paramref name="mode"/> says whether a user
    /// enters the fact or a register file replays it (<see cref="DecisionMode"/>).</summary>
    public (IReadOnlyList<CaseEvent> Events, CaseState State) Decide(CaseState? state, CaseId caseId, CaseCommand command, DecisionMode mode = DecisionMode.Entry)
    {
        var events = CaseDecider.Decide(state, caseId, command, new DecisionContext(Today, codeLists, _newId, mode));
        var next = state;
        foreach (var e in events)
            next = CaseProjection.Apply(next, caseId, e);
        return (events, next!);
    }
}

/// <summary>What one command did: the case's new state and the events it appended, in order.</summary>
public sealed record CaseChange(CaseState State, IReadOnlyList<RecordedEvent> Appended);

/// <summary>Norwegian local time, for turning audit instants into legal dates at the edges.</summary>
public static class NorwegianTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>Today's date in Norway according to <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
        }
    }
}
