using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>One read of a case (innsyn i saken): who, when, and why. Taushetsplikt requires that every
/// read of a case can be accounted for; this is the log a "who looked at my case" report is built from.</summary>
public sealed record CaseAccess(CaseId CaseId, string User, string Purpose, DateTimeOffset At);

/// <summary>Append-only log of case reads. Kept apart from the case's own events: a read changes nothing.</summary>
public interface IAccessLog
{
    void Record(CaseAccess access);

    IReadOnlyList<CaseAccess> ForCase(CaseId caseId);
}
