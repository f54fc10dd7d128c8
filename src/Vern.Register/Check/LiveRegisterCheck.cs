using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register.Mapping;
using Vern.Register.Model;

namespace Vern.Register.Check;

/// <summary>The findings for one live case, with what a caseworker needs to find it: the journal number and the
/// caseworker responsible.</summary>
public sealed record CaseCheckResult(CaseId CaseId, string JournalNumber, string? CaseworkerId, IReadOnlyList<ValidationIssue> Issues)
{
    public int Count(Severity severity) => Issues.Count(i => i.Severity == severity);
}

/// <summary>The whole report: every case checked, and those with findings (sorted by journal number).</summary>
public sealed record LiveCheckReport(int CasesChecked, IReadOnlyList<CaseCheckResult> CasesWithFindings, TimeSpan Elapsed);

/// <summary>"Before you send" (før innsending): the register controls run on live cases, so a caseworker sees and
/// fixes a problem in the case, not in a file. Each case is mapped with <see cref="CaseToRegister"/>, written as the
/// register file it would be exported as, and validated by <see cref="RegisterValidation"/>, the same function that
/// checks files (<c>vern validate register</c>): the same XSD check and the same SSB controls, no second implementation.
/// What the mapping had to leave out (e.g. an incomplete Tilsyn) is reported too.</summary>
public static class LiveRegisterCheck
{
    /// <summary>Checks every state (streamed; parallel over cases).</summary>
    /// <param name="header">The file header the export would use (its DatoUttrekk should be on <paramref name="options"/>'s AsOf).</param>
    /// <param name="minimum">Findings below this severity are left out (e.g. Warning to hide Info).</param>
    public static LiveCheckReport Run(IEnumerable<CaseState> states, RegisterFile header, RegisterValidationOptions options, Severity minimum = Severity.Info)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = new System.Collections.Concurrent.ConcurrentBag<CaseCheckResult>();
        var count = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism ?? Environment.ProcessorCount };
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(states, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering), parallel, () => new MemoryStream(16 * 1024), (state, _, buffer) =>
        {
            Interlocked.Increment(ref count);
            var issues = Check(state, header, options, buffer).Where(i => i.Severity >= minimum).ToList();
            if (issues.Count > 0)
                results.Add(new CaseCheckResult(state.Id, state.JournalNumber, state.CaseworkerId, issues));
            return buffer;
        }, buffer => buffer.Dispose());
        return new LiveCheckReport(count, results.OrderBy(r => r.JournalNumber, StringComparer.Ordinal).ToList(), clock.Elapsed);
    }

    /// <summary>All findings for one case: mapping findings first, then the file validator's. Findings on the file header
    /// (Avgiver controls) are left out: they concern the delivery, not the case, and are not fixed by a caseworker.</summary>
    public static IReadOnlyList<ValidationIssue> Check(CaseState state, RegisterFile header, RegisterValidationOptions options, MemoryStream? buffer = null)
    {
        var mapped = CaseToRegister.Map(state);
        buffer ??= new MemoryStream();
        buffer.SetLength(0);
        RegisterWriter.Write(header, mapped.Case, buffer);
        buffer.Position = 0;
        var validated = RegisterValidation.ValidateStream(buffer, state.JournalNumber, options).Issues
            .Where(i => !i.Code.StartsWith("Avgiver", StringComparison.Ordinal));
        return [.. mapped.Issues, .. validated];
    }
}
