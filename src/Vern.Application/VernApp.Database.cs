using Vern.Domain.CodeLists;
using Vern.Storage;

namespace Vern.Application;

public sealed partial class VernApp
{
    /// <summary>The composition of a Vern database on either engine (issue 17): a SQLite file for a path (or
    /// <c>sqlite:PATH</c>), PostgreSQL for <c>postgres://…</c> or an Npgsql connection string (<c>Host=…</c>). The
    /// engine is chosen once, in <see cref="VernDatabase"/>; everything above it is the same.</summary>
    public static VernApp Open(string db, CodeListSet codeLists, TimeProvider clock, bool create = false)
    {
        if (VernDatabase.EngineOf(db) == Engine.Sqlite)
            return OpenSqlite(VernDatabase.SqlitePath(db), codeLists, clock, create);
        var d = VernDatabase.Open(db, create, clock);
        var app = new VernApp(d.Events, d.Users, d.Settings, d.AccessLog, codeLists, clock, new FeatureStores(d.DeadlineIndex, d.Staff, d.Deliveries, d.Reporters, d.OpenStatistics));
        app._owned.Add(d);
        app.UseDocumentation(d.Documentation);
        if (d.Postgres is { } pg)
        {
            app.UseIntake(pg.Intake, pg.AccessTokens);
            app.UseMatching(pg.Matching);
            app.UseParties(pg.Parties);
            app.UseState(pg.State);
            app.UseInvoices(pg.Invoices);
            app._openLoginLockouts = () => pg.LoginLockouts;
            app._openKeyRing = () => pg.KeyRing;
            if (pg.Users is IUserWithCursorRead usersWithCursor)
                app.UseUserReadWithCursor(usersWithCursor);
            if (pg.Users is IChangeMarksRead marks)
                app.UseChangeMarksRead(marks);
        }
        return app;
    }

    /// <summary>Moves an existing Vern database forward to this build's schema (issue 13 §2: the one explicit migration, run by
    /// <c>vern init</c> on an existing database; every other command refuses an older schema and changes nothing). Returns the
    /// schema version found and the one it is at now; null when there is nothing to upgrade (no file, an empty one, or
    /// PostgreSQL, whose schema is brought forward when it is opened).</summary>
    public static (int From, int To)? Upgrade(string db, TimeProvider clock)
    {
        if (VernDatabase.EngineOf(db) != Engine.Sqlite)
            return null;
        var path = VernDatabase.SqlitePath(db);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
            return null;
        return Vern.Storage.Sqlite.SqliteMigrations.Upgrade(path, clock);
    }

    /// <summary>The stored version of a case (the number a writer reads before an edit; null when there is no such case).
    /// Shows no person, like <see cref="CountEventsAsync"/>; the edit itself is checked and logged by <see cref="RecordAsync(Actor, Vern.Domain.Cases.CaseId, Vern.Domain.Cases.CaseCommand, long)"/>.</summary>
    public Task<long?> CaseVersionAsync(Vern.Domain.Cases.CaseId caseId) => _store.LoadVersionAsync(caseId);
}
