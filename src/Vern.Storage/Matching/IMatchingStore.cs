using Vern.Domain.Cases;
using Vern.Domain.Identity;
using Vern.Domain.People;

namespace Vern.Storage.Matching;

/// <summary>One case's row in the duplicate index (dublettindeks): every identity its child has had (each personalia,
/// oldest first), the case's journal number, caseworker and the child's address protection (for scoping and flagging the
/// candidate without loading the case), and the lookup keys the Matching feature derived (opaque here).</summary>
/// <param name="Format">The Matching feature's key format the row was built with.</param>
public sealed record ChildIndexRow(CaseId CaseId, string MunicipalityNumber, long Version, int Format, string JournalNumber, string? CaseworkerId,
    AddressProtection Protection, IReadOnlyList<ChildIdentity> Identities, IReadOnlyList<string> Keys);

/// <summary>Where the duplicate index was last brought up to: the change feed's committed cursor and the key format.</summary>
public sealed record MatchIndexMark(FeedCursor Cursor, int Format);

/// <summary>The duplicate index and the decisions on candidates (issue 18 part 2). The index is derived (rebuilt from the
/// change feed at will); decisions and aliases are records: append-only, with who, when and why. Every read is scoped to
/// one municipality: matching never crosses services. The port knows nothing of actors; the application layer decides who
/// may see what.</summary>
public interface IMatchingStore
{
    /// <summary>The mark of the last completed refresh, or null for an empty (or half-rebuilt) index.</summary>
    Task<MatchIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default);

    /// <summary>Empties the index and its mark in one transaction (a rebuild follows).</summary>
    Task ClearIndexAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes rows in one transaction, each replacing its case's row and keys unless the stored row has a higher
    /// version in the same format (a late writer never wins); with <paramref name="mark"/>, records it in the same transaction.</summary>
    Task WriteIndexAsync(IReadOnlyList<ChildIndexRow> rows, MatchIndexMark? mark, CancellationToken cancellationToken = default);

    /// <summary>The rows of <paramref name="municipalityNumber"/> that share at least one key with <paramref name="keys"/>, in
    /// the index or through a recorded alias. An index lookup, never a scan of the service's cases.</summary>
    Task<IReadOnlyList<ChildIndexRow>> LookupAsync(string municipalityNumber, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>The case's row, or null when it is not indexed.</summary>
    Task<ChildIndexRow?> ReadRowAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Rows and keys in the index (for status and benchmarks).</summary>
    Task<(long Rows, long Keys)> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends a decision on a pair of cases.</summary>
    Task RecordDecisionAsync(MatchDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Every decision on a pair that includes <paramref name="caseId"/> in <paramref name="municipalityNumber"/>, oldest first.</summary>
    Task<IReadOnlyList<MatchDecision>> DecisionsAsync(string municipalityNumber, CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Appends an alias, stored with the lookup <paramref name="key"/> the Matching feature derived for it.</summary>
    Task AddAliasAsync(IdentityAlias alias, string key, CancellationToken cancellationToken = default);

    /// <summary>The aliases recorded for these cases, oldest first.</summary>
    Task<IReadOnlyList<IdentityAlias>> AliasesAsync(IReadOnlyCollection<CaseId> caseIds, CancellationToken cancellationToken = default);
}
