using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Application;

/// <summary>What search and the worklist's register gaps need of one case, kept in memory by <see cref="CaseLookup"/>: its
/// municipality and caseworker (for the actor's scope), journal number, the child's name, every fødselsnummer/D-nummer on the
/// case (the child's and the personal details' history), and its register gaps (<see cref="RegisterGaps"/>, which depend on the
/// state only, not on the date).</summary>
public sealed record CaseLookupEntry(CaseId Id, string MunicipalityNumber, string? CaseworkerId, string JournalNumber, string ChildName,
    IReadOnlyList<string> Identifiers, IReadOnlyList<RegisterGap> Gaps)
{
    public static CaseLookupEntry Of(CaseState s) => new(s.Id, s.MunicipalityNumber, s.CaseworkerId, s.JournalNumber,
        $"{s.Child.GivenName} {s.Child.FamilyName}",
        [.. new[] { s.Child.Identifier }.Concat(s.PersonalDetails.Select(p => p.Identifier)).OfType<string>().Distinct(StringComparer.Ordinal)],
        RegisterGaps.Find(s));
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
    private CaseLookupView _view = new([], new Dictionary<string, CaseId[]>());

    /// <summary>The entries as of the feed's committed cursor now: catches up first (one caller reads the feed at a time). The
    /// view returned is immutable: a later change builds a new one.</summary>
    public async Task<CaseLookupView> CurrentAsync(IChangeFeed feed, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var upTo = await feed.CommittedAsync(cancellationToken);
            if (upTo < _cursor)
            {
                _entries.Clear();
                _cursor = FeedCursor.Start;
            }
            if (upTo > _cursor)
            {
                await foreach (var s in feed.ReadChangedAsync(_cursor, upTo, cancellationToken))
                    _entries[s.Id] = CaseLookupEntry.Of(s);
                _cursor = upTo;
                _view = new CaseLookupView([.. _entries.Values],
                    _entries.Values.SelectMany(e => e.Identifiers.Select(i => (Identifier: i, e.Id))).GroupBy(p => p.Identifier, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToArray(), StringComparer.Ordinal));
            }
            return _view;
        }
        finally
        {
            _gate.Release();
        }
    }

    private readonly SemaphoreSlim _dutiesGate = new(1, 1);
    private readonly Dictionary<(string Scope, DateOnly AsOf), OpenDuties> _duties = [];

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
            if (_duties.TryGetValue(key, out var kept) && kept.Cursor == cursor)
                return kept;
            var facts = await load();
            var duties = new OpenDuties(cursor, facts, open(facts));
            foreach (var stale in _duties.Keys.Where(k => k.Scope == key.Item1 && k.AsOf != asOf).OrderBy(k => k.AsOf).SkipLast(1).ToList())
                _duties.Remove(stale);
            _duties[key] = duties;
            return duties;
        }
        finally
        {
            _dutiesGate.Release();
        }
    }
}

/// <summary>The open cases' facts and their open duties as of one date, at one committed cursor of the change feed.</summary>
public sealed record OpenDuties(FeedCursor Cursor, IReadOnlyList<CaseFacts> Facts, IReadOnlyList<Obligation> Open);

/// <summary>One consistent, immutable view of <see cref="CaseLookup"/>: every entry, and the cases by fødselsnummer/D-nummer.</summary>
public sealed record CaseLookupView(IReadOnlyList<CaseLookupEntry> Entries, IReadOnlyDictionary<string, CaseId[]> ByIdentifier);

public sealed partial class VernApp
{
    private CaseLookup? _lookup;

    /// <summary>Lets search and the worklist's register gaps use a process-wide <see cref="CaseLookup"/> for this database (the
    /// composition root calls this once per app; the web host passes its singleton).</summary>
    public void UseCaseLookup(CaseLookup lookup) => _lookup = lookup;
}
