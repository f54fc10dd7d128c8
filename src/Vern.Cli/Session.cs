using System.CommandLine;
using Vern.Domain.CodeLists;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Cli;

/// <summary>What a command needs from the parsed options: the database and the code lists.
/// The clock is the system's here, at the edge; nothing below reads it directly.</summary>
public sealed class Session : IDisposable
{
    private Session(SqliteEventStore store, CodeListSet codeLists, string user)
    {
        Store = store;
        CodeLists = codeLists;
        User = user;
        Cases = new CaseService(store, codeLists, TimeProvider.System);
    }

    public SqliteEventStore Store { get; }

    public CodeListSet CodeLists { get; }

    public CaseService Cases { get; }

    /// <summary>Who is recorded on events: VERN_USER, else the OS user.</summary>
    public string User { get; }

    public static string CurrentUser =>
        Environment.GetEnvironmentVariable("VERN_USER") is { Length: > 0 } u ? u : Environment.UserName;

    /// <summary>Opens the database named by --db/VERN_DB; with <paramref name="create"/> false it must exist.</summary>
    public static Session Open(ParseResult parse, bool create = false)
    {
        var db = parse.GetValue(CommonOptions.Db)!;
        if (Directory.Exists(db))
            throw new ArgumentException($"--db {db} er en mappe; oppgi en databasefil.");
        var codeLists = ReferenceFiles.LoadCodeLists(parse.GetValue(CommonOptions.Reference));
        return new Session(SqliteEventStore.Open(db, create), codeLists, CurrentUser);
    }

    /// <summary>Logs a read of a case (taushetsplikt: every read is accounted for).</summary>
    public void LogRead(Vern.Domain.Cases.CaseId caseId, string purpose)
    {
        using var log = SqliteAccessLog.Open(Store.DataSource, create: false);
        log.RecordAsync(new AccessEntry(0, TimeProvider.System.GetUtcNow(), User, "(cli)", purpose, purpose, caseId, null, 1)).GetAwaiter().GetResult();
    }

    /// <summary>Every logged read of a case.</summary>
    public IReadOnlyList<AccessEntry> Reads(Vern.Domain.Cases.CaseId caseId)
    {
        using var log = SqliteAccessLog.Open(Store.DataSource, create: false);
        return log.ForCaseAsync(caseId).GetAwaiter().GetResult();
    }

    public void Dispose() => Store.Dispose();
}
