using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application;

/// <summary>What search and the worklist's register gaps need of one case, kept in memory by <see cref="CaseLookup"/>: its
/// municipality, bydel and caseworker (for the actor's scope, filtered here rather than by a listing per request), journal number,
/// the child's name and birth date and whether the case is closed (what a search hit shows: <see cref="Summary"/>), every
/// fødselsnummer/D-nummer on the case (the child's and the personal details' history), and its register gaps
/// (<see cref="RegisterGaps"/>, which depend on the state only, not on the date).</summary>
/// <remarks><see cref="Bydel"/> (Avgiver/@Bydelsnummer) is set when the case is opened and never changes.</remarks>
public sealed record CaseLookupEntry(CaseId Id, string MunicipalityNumber, string? Bydel, string? CaseworkerId, string JournalNumber, string? GivenName,
    string? FamilyName, DateOnly BirthDate, bool IsClosed, IReadOnlyList<string> Identifiers, IReadOnlyList<RegisterGap> Gaps)
{
    public static CaseLookupEntry Of(CaseState s) => new(s.Id, s.MunicipalityNumber, s.Bydel, s.CaseworkerId, s.JournalNumber, s.Child.GivenName,
        s.Child.FamilyName, s.Child.BirthDate, s.IsClosed,
        [.. new[] { s.Child.Identifier }.Concat(s.PersonalDetails.Select(p => p.Identifier)).OfType<string>().Distinct(StringComparer.Ordinal)],
        RegisterGaps.Find(s));

    /// <summary>The child's name as search matches it (given and family name, as <c>VernApp.Matches</c> on a state).</summary>
    public string ChildName => $"{GivenName} {FamilyName}";

    /// <summary>What a search hit shows (the same fields as from the case state).</summary>
    public CaseSummary Summary => new(Id, MunicipalityNumber, Bydel, JournalNumber, GivenName, FamilyName, BirthDate, CaseworkerId, IsClosed);

    /// <summary>Whether the case is in <paramref name="scope"/>: its municipality (null: every one) and, for a bydel's service, its bydel.</summary>
    public bool In(MunicipalityScope scope) =>
        (scope.Number is null || scope.Number == MunicipalityNumber) && (scope.Bydel is null || scope.Bydel == Bydel);
}

/// <summary>A case as a search hit shows it (issue 16, search: journal number, the child, the caseworker, open or closed): from
/// the case state, or without reading it from <see cref="CaseLookup"/>'s entry.</summary>
public sealed record CaseSummary(CaseId Id, string MunicipalityNumber, string? Bydel, string JournalNumber, string? GivenName, string? FamilyName,
    DateOnly BirthDate, string? CaseworkerId, bool IsClosed)
{
    public static CaseSummary Of(CaseState s) => new(s.Id, s.MunicipalityNumber, s.Bydel, s.JournalNumber, s.Child.GivenName, s.Child.FamilyName,
        s.Child.BirthDate, s.CaseworkerId, s.IsClosed);
}

/// <summary>A derived, in-process index of the cases for search (by journal number, the child's name, or fødselsnummer) and for
/// the worklist's register gaps, so that neither reads and deserialises every case state of the service on each request
/// (issue 16, speed: 20,000 cases). It follows the store's change feed (<see cref="IChangeFeed"/>) as the deadline index does:
/// before each use it asks for the committed cursor (one indexed <c>max(position)</c> on SQLite) and reads only the cases
/// changed since; the first use reads every case once. One instance per database per process (the web host registers it as a
/// singleton); it holds no access decision: <see cref="VernApp"/> checks the policy, scopes and logs as before.</summary>
/// <remarks>Holds names and fødselsnumre in the server's memory, as every case read does for the length of a request; nothing of
/// it is written anywhere. If the feed's cursor goes backwards (a database restored under a running server), it starts again.</remarks>
public sealed class CaseLookup
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<CaseId, CaseLookupEntry> _entries = [];
    private FeedCursor _cursor = FeedCursor.Start;
    private CaseLookupView _view = CaseLookupView.Of(new Dictionary<CaseId, CaseLookupEntry>());
    private volatile bool _built;

    /// <summary>Whether the first build (every case read once) has finished. Until then a single case read does not wait for it
    /// (on the national set, 30–60 s of a core; the web host starts it in the background at start-up) but reads its case directly;
    /// search and the register gaps read their scope directly.</summary>
    public bool IsBuilt => _built;

    /// <summary>The highest committed cursor the host's requests have read: each request reads the store's cursor once and its
    /// kept structures (this lookup's view, open duties, per-change values) share it (<see cref="RequestFeed"/>).</summary>
    public CommittedCursor Committed { get; } = new();

    /// <summary>The entries as of the feed's committed cursor now: catches up first (one caller reads the feed at a time). The
    /// view returned is immutable: a later change builds a new one.</summary>
    public async Task<CaseLookupView> CurrentAsync(IChangeFeed feed, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var upTo = await feed.CommittedAsync(cancellationToken);
            var changed = 0;
            if (upTo < _cursor)
            {
                _entries.Clear();
                _cursor = FeedCursor.Start;
                changed++;
            }
            // On PostgreSQL the cursor moves with every transaction (the reads' own access-log rows too): read the changed states
            // only when a case changed.
            if (upTo > _cursor && (_cursor == FeedCursor.Start || await feed.AnyChangedAsync(_cursor, upTo, cancellationToken)))
            {
                await foreach (var s in feed.ReadChangedAsync(_cursor, upTo, cancellationToken))
                {
                    _entries[s.Id] = CaseLookupEntry.Of(s);
                    changed++;
                }
            }
            _cursor = upTo;
            if (changed > 0)
                _view = CaseLookupView.Of(_entries);
            _built = true;
            return _view;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Case overviews kept (<see cref="KeepOverview"/>): at most this many cases, so memory stays flat under load.</summary>
    public const int KeptOverviews = 128;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<CaseId, (CaseLookupEntry Entry, CaseOverview Overview)> _overviews = new();

    /// <summary>The overview of <paramref name="entry"/>'s case kept by <see cref="KeepOverview"/>, if it was computed after the lookup
    /// last saw the case change (the entry is replaced on every change of the case, so a kept overview is matched by the entry
    /// object) and as of <paramref name="asOf"/>; else null. The lookup follows the change feed's committed cursor, which may lag
    /// behind a commit (on PostgreSQL any open transaction holds it back), so the caller also checks the kept state's version
    /// against the store before serving it. Holds no access decision: the caller checks and logs each read.</summary>
    public CaseOverview? KeptOverview(CaseLookupEntry entry, DateOnly asOf) =>
        _overviews.TryGetValue(entry.Id, out var kept) && ReferenceEquals(kept.Entry, entry) && kept.Overview.AsOf == asOf ? kept.Overview : null;

    /// <summary>Keeps <paramref name="overview"/>, computed after <paramref name="entry"/> was read from the current view, for the
    /// next reads of the case while it is unchanged. At most <see cref="KeptOverviews"/> cases: a new one pushes out another.</summary>
    public void KeepOverview(CaseLookupEntry entry, CaseOverview overview)
    {
        if (_overviews.Count >= KeptOverviews && !_overviews.ContainsKey(entry.Id))
            foreach (var id in _overviews.Keys)
                if (_overviews.TryRemove(id, out _) || _overviews.Count < KeptOverviews)
                    break;
        _overviews[entry.Id] = (entry, overview);
    }

    private readonly SemaphoreSlim _keptGate = new(1, 1);
    private readonly Dictionary<string, object> _kept = new(StringComparer.Ordinal);
    private FeedCursor _keptCursor = FeedCursor.Start;

    /// <summary>A value computed from the store's cases (the leader's dashboard: the service's facts, compliance and open duties;
    /// issue 17, under load: it was computed again on every request), kept under <paramref name="key"/> until the feed's committed
    /// cursor moves. The cursor is read before computing, so a change during the computation makes the next caller compute again;
    /// when it moves, every kept value is dropped. Holds no access decision: the caller checks, scopes (in the key) and logs.</summary>
    public async Task<T> PerChangeAsync<T>(IChangeFeed feed, string key, Func<Task<T>> compute, CancellationToken cancellationToken = default)
        where T : class
    {
        await _keptGate.WaitAsync(cancellationToken);
        try
        {
            var cursor = await feed.CommittedAsync(cancellationToken);
            if (cursor != _keptCursor)
            {
                // On PostgreSQL every transaction moves the cursor (each request's access-log row too): forget only when a case changed.
                if (_kept.Count > 0 && (cursor < _keptCursor || await feed.AnyChangedAsync(_keptCursor, cursor, cancellationToken)))
                    _kept.Clear();
                _keptCursor = cursor;
            }
            if (_kept.TryGetValue(key, out var kept) && kept is T value)
                return value;
            var computed = await compute();
            _kept[key] = computed;
            return computed;
        }
        finally
        {
            _keptGate.Release();
        }
    }

    private readonly SemaphoreSlim _dutiesGate = new(1, 1);
    private readonly Dictionary<(string Scope, DateOnly AsOf), (OpenDuties Duties, FeedCursor CheckedTo)> _duties = [];

    /// <summary>The open cases' facts and open duties of a municipality (null: the nation) as of a date, computed once per change
    /// of the store: kept with the feed's committed cursor read before loading, and loaded again (<paramref name="load"/>: the
    /// deadline index, refreshed from the feed) when the cursor has moved since. Two dates (today, a filter's date) at most per
    /// scope are kept.</summary>
    public async Task<OpenDuties> OpenDutiesAsync(IChangeFeed feed, string? municipalityNumber, DateOnly asOf, Func<Task<List<CaseFacts>>> load,
        Func<List<CaseFacts>, List<Obligation>> open, CancellationToken cancellationToken = default)
    {
        var key = (municipalityNumber ?? "*", asOf);
        await _dutiesGate.WaitAsync(cancellationToken);
        try
        {
            var cursor = await feed.CommittedAsync(cancellationToken);
            if (_duties.TryGetValue(key, out var kept) && kept.CheckedTo <= cursor)
            {
                if (kept.CheckedTo == cursor)
                    return kept.Duties;
                // The cursor moved: on PostgreSQL every transaction moves it (the reads' own access-log rows too), so ask the feed
                // whether any case changed before loading again.
                if (!await feed.AnyChangedAsync(kept.CheckedTo, cursor, cancellationToken))
                {
                    _duties[key] = (kept.Duties, cursor);
                    return kept.Duties;
                }
            }
            var facts = await load();
            var duties = new OpenDuties(cursor, facts, open(facts));
            foreach (var stale in _duties.Keys.Where(k => k.Scope == key.Item1 && k.AsOf != asOf).OrderBy(k => k.AsOf).SkipLast(1).ToList())
                _duties.Remove(stale);
            _duties[key] = (duties, cursor);
            return duties;
        }
        finally
        {
            _dutiesGate.Release();
        }
    }
}

/// <summary>The open cases' facts and their open duties as of one date, at one committed cursor of the change feed. Immutable: its
/// narrowings to one actor's scope (<see cref="Narrowed"/>) are computed once each and kept with it, so a request does no work in
/// proportion to the service's size (issue 16, speed: the worklist of a 20,000-case service).</summary>
public sealed class OpenDuties(FeedCursor cursor, IReadOnlyList<CaseFacts> facts, IReadOnlyList<Obligation> open)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string? Bydel, string? Caseworker), ScopedDuties> _narrowed = new();

    public FeedCursor Cursor { get; } = cursor;

    public IReadOnlyList<CaseFacts> Facts { get; } = facts;

    public IReadOnlyList<Obligation> Open { get; } = open;

    /// <summary>The facts and duties of the cases in a bydel (null: the whole scope this was computed for) and, for an actor who
    /// sees only the cases assigned to them, of that caseworker's cases (null: every caseworker's). The bydel of each case comes
    /// from <paramref name="view"/> (needed with a bydel), which must be at this cursor or later (every case here is in it; a case missing from it is
    /// left out of a bydel's narrowing, never let in).</summary>
    public ScopedDuties Narrowed(string? bydel, string? caseworker, CaseLookupView? view) =>
        bydel is null && caseworker is null ? _narrowed.GetOrAdd((null, null), _ => new ScopedDuties(Facts, Open))
        : _narrowed.GetOrAdd((bydel, caseworker), key =>
            Where(id => key.Bydel is null || view is not null && view.ById.TryGetValue(id, out var e) && e.Bydel == key.Bydel, key.Caseworker));

    /// <summary>The duties of the cases in <paramref name="cases"/> (a bydel's cases, listed from the store while the lookup's first
    /// build is not done) and, with <paramref name="caseworker"/>, of that caseworker's among them. Not kept: the next request after
    /// the build narrows through the lookup, to the same answer.</summary>
    public ScopedDuties NarrowedTo(IReadOnlySet<CaseId> cases, string? caseworker) => Where(cases.Contains, caseworker);

    private ScopedDuties Where(Func<CaseId, bool> inService, string? caseworker)
    {
        bool Keep(CaseId id, string? caseworkerId) => (caseworker is null || caseworkerId == caseworker) && inService(id);
        return new ScopedDuties([.. Facts.Where(f => Keep(f.Id, f.CaseworkerId))], [.. Open.Where(o => Keep(o.Case.Id, o.Case.CaseworkerId))]);
    }
}

/// <summary>Open duties narrowed to one actor's scope (<see cref="OpenDuties.Narrowed"/>): the facts of the open cases, their duties
/// by urgency as the deadline service gives them, the case ids a bulk read of them logs, and the worklists built from them
/// (per municipality, computed once).</summary>
public sealed class ScopedDuties(IReadOnlyList<CaseFacts> facts, IReadOnlyList<Obligation> open)
{
    private sealed record Kept(string? MunicipalityNumber, IReadOnlyList<Worklist> Lists);

    private Kept? _kept;

    public IReadOnlyList<CaseFacts> Facts { get; } = facts;

    public IReadOnlyList<Obligation> Open { get; } = open;

    /// <summary>The ids of <see cref="Facts"/>' cases, for the access log's bulk row.</summary>
    public IReadOnlyList<CaseId> Ids { get; } = new CaseIdList(facts.Select(f => f.Id));

    /// <summary>The worklists of <paramref name="municipalityNumber"/> (<see cref="Vern.Deadlines.Reports.Worklists.Build"/>), kept
    /// for the last municipality asked (one, in practice: the scope's).</summary>
    public IReadOnlyList<Worklist> Worklists(string? municipalityNumber)
    {
        if (_kept is { } kept && kept.MunicipalityNumber == municipalityNumber)
            return kept.Lists;
        var built = Vern.Deadlines.Reports.Worklists.Build(Open, municipalityNumber);
        _kept = new Kept(municipalityNumber, built);
        return built;
    }
}

/// <summary>One consistent, immutable view of <see cref="CaseLookup"/>: every entry (by id and per municipality), and the cases by
/// fødselsnummer/D-nummer.</summary>
/// <remarks><see cref="ByCaseworker"/>: a caseworker's own cases (issue 16: the caseworker's worklist page read its register gaps by
/// walking all 19,612 entries of the service per request, ≈ 2/3 of the page's time at 100 clients). Built with the rest of the view on
/// each change, so a case assigned to another caseworker moves with the same change.</remarks>
public sealed record CaseLookupView(IReadOnlyList<CaseLookupEntry> Entries, IReadOnlyDictionary<string, CaseId[]> ByIdentifier,
    IReadOnlyDictionary<CaseId, CaseLookupEntry> ById, IReadOnlyDictionary<string, CaseLookupEntry[]> ByMunicipality,
    IReadOnlyDictionary<string, CaseLookupEntry[]> ByCaseworker)
{
    public static CaseLookupView Of(IReadOnlyDictionary<CaseId, CaseLookupEntry> entries) => new([.. entries.Values],
        entries.Values.SelectMany(e => e.Identifiers.Select(i => (Identifier: i, e.Id))).GroupBy(p => p.Identifier, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToArray(), StringComparer.Ordinal),
        new Dictionary<CaseId, CaseLookupEntry>(entries),
        entries.Values.GroupBy(e => e.MunicipalityNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal),
        entries.Values.Where(e => e.CaseworkerId is not null).GroupBy(e => e.CaseworkerId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string? Number, string? Bydel, string? Caseworker), CaseGaps> _gaps = new();

    /// <summary>The register gaps of the cases in <paramref name="scope"/> (only those assigned to <paramref name="caseworkerId"/>
    /// when given), oldest first, with the ids of the cases looked at (the bulk log row): computed once per view and scope, so a
    /// request does no work in proportion to the service's size, and the same object is handed out until a case changes (the
    /// worklist page keeps its rendered body per that object). Holds no access decision: the caller checks and logs.</summary>
    public CaseGaps GapsOf(MunicipalityScope scope, string? caseworkerId) =>
        _gaps.GetOrAdd((scope.Number, scope.Bydel, caseworkerId), _ =>
        {
            var entries = (caseworkerId is not null ? OfCaseworker(caseworkerId, scope) : In(scope))
                .OrderBy(e => e.JournalNumber, StringComparer.Ordinal).ToList();
            return new CaseGaps(new CaseIdList(entries.Select(e => e.Id)),
                [.. entries.SelectMany(e => e.Gaps.Select(g => new CaseRegisterGap(e.Id, e.JournalNumber, e.CaseworkerId, g))).OrderBy(g => g.Gap.Since)]);
        });

    /// <summary>The entries of the cases assigned to <paramref name="caseworkerId"/> in <paramref name="scope"/>.</summary>
    public IEnumerable<CaseLookupEntry> OfCaseworker(string caseworkerId, MunicipalityScope scope) =>
        (ByCaseworker.TryGetValue(caseworkerId, out var own) ? own : []).Where(e => e.In(scope));

    /// <summary>The entries in <paramref name="scope"/> (a municipality, narrowed to a bydel where it names one; null number: all).</summary>
    public IEnumerable<CaseLookupEntry> In(MunicipalityScope scope) =>
        (scope.Number is null ? Entries : ByMunicipality.TryGetValue(scope.Number, out var inMunicipality) ? inMunicipality : []).Where(e => e.In(scope));
}

/// <summary>The register gaps of one scope in a <see cref="CaseLookupView"/> (<see cref="CaseLookupView.GapsOf"/>): the ids of the
/// cases looked at and their gaps, oldest first.</summary>
public sealed record CaseGaps(IReadOnlyList<CaseId> Ids, IReadOnlyList<CaseRegisterGap> Gaps);

public sealed partial class VernApp
{
    private CaseLookup? _lookup;

    /// <summary>Lets search and the worklist's register gaps use a process-wide <see cref="CaseLookup"/> for this database (the
    /// composition root calls this once per app; the web host passes its singleton).</summary>
    public void UseCaseLookup(CaseLookup lookup)
    {
        _lookup = lookup;
        _feed.Host = lookup.Committed;
    }

    /// <summary>Builds (or catches up) the <see cref="CaseLookup"/> given to <see cref="UseCaseLookup"/>, so that the first request
    /// that needs it does not pay for reading every case: the web host calls this in the background at start-up (issue 16/17: on
    /// the national set the first case read waited seconds for it). The states stay in this process and nobody is shown anything,
    /// so no access is checked or logged here (as the statistics and deadline catch-ups); each read through the lookup still is.</summary>
    public async Task BuildCaseLookupAsync(CancellationToken cancellationToken = default)
    {
        if (_lookup is not null)
            await _lookup.CurrentAsync(_feed, cancellationToken);
    }
}
