using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>One row of the access log (innsynslogg): who read or tried to read what, when, in which role and why.
/// Either one case (<see cref="CaseId"/>) or a bulk read over a scope (<see cref="Scope"/>, e.g. a municipality) that
/// included <see cref="CaseCount"/> cases, whose ids are kept with the row so a per-case question finds it.</summary>
/// <param name="Position">Order in the log; 0 before it is stored.</param>
/// <param name="Outcome">"allowed", or "denied" for a refused attempt (which is logged too).</param>
public sealed record AccessEntry(
    long Position,
    DateTimeOffset At,
    string ActorId,
    string Role,
    string Operation,
    string Purpose,
    CaseId? CaseId,
    string? Scope,
    int CaseCount,
    string Outcome = AccessEntry.Allowed)
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";

    public bool IsBulk => CaseId is null;
}

/// <summary>Append-only log of reads of case data (taushetsplikt: every read can be accounted for). Kept apart from the
/// cases' own events: a read changes nothing. Nothing in it is ever updated or deleted.</summary>
public interface IAccessLog
{
    /// <summary>Records one read (or refused attempt) of one case, or of a scope without case content.</summary>
    Task RecordAsync(AccessEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Records one bulk read as ONE row that keeps the set of case ids it included (compact: sorted 16-byte ids).</summary>
    Task RecordBulkAsync(AccessEntry entry, IReadOnlyCollection<CaseId> cases, CancellationToken cancellationToken = default);

    /// <summary>Every row about <paramref name="caseId"/>: its own reads and every bulk read that included it, in order.
    /// <paramref name="municipalityNumber"/> (the case's) narrows the bulk rows searched to that scope and unscoped ones.</summary>
    Task<IReadOnlyList<AccessEntry>> ForCaseAsync(CaseId caseId, string? municipalityNumber = null, CancellationToken cancellationToken = default);

    /// <summary>The whole log in order (for audits and tests), optionally only rows by one actor.</summary>
    Task<IReadOnlyList<AccessEntry>> ReadAllAsync(string? actorId = null, CancellationToken cancellationToken = default);
}

/// <summary>The encoded case-id set of one bulk access row and its SHA-256 digest. The stores keep each distinct set once
/// (table <c>access_id_sets</c>, migration 28) and the row names it by its digest: a leader's page that logs the same 20,000 ids
/// on every request wrote 320 KB of ids per request before.</summary>
public sealed record EncodedCaseIds(byte[] Bytes, byte[] Digest);

/// <summary>The compact case-id set of a bulk access row: ids sorted as 16-byte big-endian keys, looked up by binary
/// search. 500,000 cases take 8 MB in one row instead of 500,000 rows.</summary>
public static class CaseIdSet
{
    /// <summary>The set's bytes; a <see cref="CaseIdList"/> is encoded once and its bytes handed out again.</summary>
    public static byte[] Encode(IReadOnlyCollection<CaseId> cases) => cases is CaseIdList kept ? kept.EncodedWithDigest.Bytes : EncodeNew(cases);

    /// <summary>The set's bytes with their digest; a <see cref="CaseIdList"/> makes both once.</summary>
    public static EncodedCaseIds EncodeWithDigest(IReadOnlyCollection<CaseId> cases)
    {
        if (cases is CaseIdList kept)
            return kept.EncodedWithDigest;
        var bytes = EncodeNew(cases);
        return new EncodedCaseIds(bytes, System.Security.Cryptography.SHA256.HashData(bytes));
    }

    internal static byte[] EncodeNew(IReadOnlyCollection<CaseId> cases)
    {
        var keys = new UInt128[cases.Count];
        var i = 0;
        foreach (var c in cases)
            keys[i++] = Key(c);
        Array.Sort(keys);
        var bytes = new byte[keys.Length * 16];
        for (i = 0; i < keys.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(i * 16, 16), keys[i]);
        return bytes;
    }

    public static bool Contains(ReadOnlySpan<byte> set, CaseId caseId)
    {
        var key = Key(caseId);
        int lo = 0, hi = set.Length / 16 - 1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            var k = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(set.Slice(mid * 16, 16));
            if (k == key) return true;
            if (k < key) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }

    private static UInt128 Key(CaseId id)
    {
        Span<byte> b = stackalloc byte[16];
        id.Value.TryWriteBytes(b, bigEndian: true, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(b);
    }
}

/// <summary>An immutable list of case ids whose <see cref="CaseIdSet"/> bytes are made once: for the ids of a read kept per change
/// (the worklist's cases, the register gaps' cases, the dashboard's), which every request logs again as its own bulk row (issue 16,
/// speed: a leader's page sorted and encoded the service's 19,612 ids on every request). The bytes must not be changed by a reader.</summary>
public sealed class CaseIdList(IEnumerable<CaseId> ids) : IReadOnlyList<CaseId>
{
    private readonly CaseId[] _ids = [.. ids];
    private EncodedCaseIds? _encoded;

    public int Count => _ids.Length;

    public CaseId this[int index] => _ids[index];

    /// <summary>The <see cref="CaseIdSet"/> encoding and its SHA-256 digest, made on first use.</summary>
    public EncodedCaseIds EncodedWithDigest => _encoded ??= CaseIdSet.EncodeWithDigest(_ids);

    public IEnumerator<CaseId> GetEnumerator() => ((IEnumerable<CaseId>)_ids).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _ids.GetEnumerator();
}
