using System.Diagnostics;
using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Matching;

namespace Vern.Matching;

/// <summary>A case that may be about the same child: its index row, the best score over the identities its child has had
/// (and its aliases), and the decision already recorded on the pair, if any.</summary>
/// <param name="MatchedEarlierIdentity">True when the best match was an earlier personalia or an alias, not the current one.</param>
public sealed record MatchCandidate(ChildIndexRow Case, MatchScore Score, bool MatchedEarlierIdentity, MatchDecision? Decision);

/// <summary>Issue 18 part 2's one entry point: keeps the duplicate index current from the change feed and finds the
/// candidates for a child within ONE municipality. It never reads across municipalities, never decides who may see a
/// candidate (the application layer does) and never changes a case.</summary>
public sealed class ChildMatcher(IChangeFeed feed, IMatchingStore store)
{
    /// <summary>What a refresh did.</summary>
    public sealed record RefreshResult(int Updated, long Rows, TimeSpan Elapsed);

    private const int Batch = 2000;

    /// <summary>Brings the index up to the feed's committed cursor: re-indexes only the cases changed since the last mark
    /// (all of them when the key format changed or <paramref name="rebuild"/>). Safe to repeat; a crash leaves the old mark,
    /// so the next refresh redoes the rest.</summary>
    public async Task<RefreshResult> RefreshAsync(bool rebuild = false, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var mark = await store.ReadMarkAsync(cancellationToken);
        var upTo = await feed.CommittedAsync(cancellationToken);
        if (rebuild || mark is null || mark.Format != MatchKeys.Format)
        {
            await store.ClearIndexAsync(cancellationToken);
            mark = null;
        }
        else if (mark.Cursor >= upTo || !await feed.AnyChangedAsync(mark.Cursor, upTo, cancellationToken))
        {
            // Nothing changed since the mark. On PostgreSQL the cursor moves with every transaction (access-log rows included),
            // so committing a new mark here would write on every refresh for nothing; the next real change moves it.
            return new RefreshResult(0, 0, watch.Elapsed);
        }
        var updated = 0;
        var batch = new List<ChildIndexRow>(Batch);
        await foreach (var state in feed.ReadChangedAsync(mark?.Cursor ?? FeedCursor.Start, upTo, cancellationToken))
        {
            batch.Add(Row(state));
            if (batch.Count == Batch)
            {
                await store.WriteIndexAsync(batch, null, cancellationToken);
                updated += batch.Count;
                batch.Clear();
            }
        }
        await store.WriteIndexAsync(batch, new MatchIndexMark(upTo, MatchKeys.Format), cancellationToken);
        updated += batch.Count;
        var (rows, _) = await store.CountAsync(cancellationToken);
        return new RefreshResult(updated, rows, watch.Elapsed);
    }

    /// <summary>The index row for a case: every personalia's identity, oldest first, and their keys.</summary>
    public static ChildIndexRow Row(CaseState state)
    {
        var identities = state.PersonalDetails.Select(ChildIdentity.Of).Distinct().ToList();
        var keys = identities.SelectMany(MatchKeys.Stored).Distinct(StringComparer.Ordinal).ToList();
        return new ChildIndexRow(state.Id, state.MunicipalityNumber, state.Version, MatchKeys.Format, state.JournalNumber, state.CaseworkerId,
            state.Child.AddressProtection, identities, keys);
    }

    /// <summary>The candidates for a child among the cases of <paramref name="municipalityNumber"/>, best first: only those
    /// at or above <see cref="MatchScore.CandidateThreshold"/>, never <paramref name="self"/>, and never a pair dismissed
    /// before. A pair linked before is returned with its decision. The index is looked up, not scanned; call
    /// <see cref="RefreshAsync"/> first for cases changed since.</summary>
    /// <param name="probe">The identities of the child (a case's personalia, oldest first; the current one last).</param>
    public async Task<IReadOnlyList<MatchCandidate>> FindAsync(string municipalityNumber, IReadOnlyList<ChildIdentity> probe, CaseId? self = null,
        CancellationToken cancellationToken = default)
    {
        var keys = probe.SelectMany(MatchKeys.Lookup).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
            return [];
        var rows = (await store.LookupAsync(municipalityNumber, keys, cancellationToken)).Where(r => r.CaseId != self).ToList();
        if (rows.Count == 0)
            return [];
        var aliases = (await store.AliasesAsync([.. rows.Select(r => r.CaseId)], cancellationToken)).ToLookup(a => a.CaseId);
        var decisions = self is { } s ? Latest(s, await store.DecisionsAsync(municipalityNumber, s, cancellationToken)) : [];
        var found = new List<MatchCandidate>();
        foreach (var row in rows)
        {
            var decision = decisions.GetValueOrDefault(row.CaseId);
            if (decision?.Verdict == MatchVerdict.Dismissed)
                continue;
            var (score, earlier) = Best(probe, row, aliases[row.CaseId]);
            if (score.IsCandidate || decision?.Verdict == MatchVerdict.Linked)
                found.Add(new MatchCandidate(row, score, earlier, decision));
        }
        return [.. found.OrderByDescending(c => c.Score.Score).ThenBy(c => c.Case.JournalNumber, StringComparer.Ordinal)];
    }

    /// <summary>The latest decision per other case of the pairs that include <paramref name="self"/>.</summary>
    private static Dictionary<CaseId, MatchDecision> Latest(CaseId self, IReadOnlyList<MatchDecision> decisions)
    {
        var latest = new Dictionary<CaseId, MatchDecision>();
        foreach (var d in decisions)
            latest[d.CaseA == self ? d.CaseB : d.CaseA] = d;
        return latest;
    }

    private static (MatchScore Score, bool Earlier) Best(IReadOnlyList<ChildIdentity> probe, ChildIndexRow row, IEnumerable<IdentityAlias> aliases)
    {
        var current = row.Identities[^1];
        var known = row.Identities.Select(i => (Identity: i, Earlier: !ReferenceEquals(i, current) && i != current)).ToList();
        foreach (var alias in aliases)
            known.Add((alias.Kind == AliasKind.DufNumber ? current with { DufNumber = alias.Value } : current with { Identifier = alias.Value }, true));
        MatchScore? best = null;
        var earlier = false;
        foreach (var p in probe)
            foreach (var (identity, isEarlier) in known)
            {
                var score = MatchScorer.Score(p, identity);
                if (best is null || score.Evidence > best.Evidence)
                {
                    best = score;
                    earlier = isEarlier;
                }
            }
        return (best!, earlier);
    }
}
