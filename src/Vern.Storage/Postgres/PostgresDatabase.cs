using Npgsql;
using Vern.Storage.Documentation;
using Vern.Storage.Postgres.Documentation;

namespace Vern.Storage.Postgres;

/// <summary>The one place the PostgreSQL adapters are wired: every port on one pooled data source, the schema brought up
/// to date through the one runner (<see cref="PostgresMigrations"/>) when it is opened.</summary>
public sealed class PostgresDatabase : IDisposable
{
    private PostgresDatabase(NpgsqlDataSource source, string name, TimeProvider clock)
    {
        Source = source;
        Name = name;
        Events = new PostgresEventStore(source, clock);
        var users = new PostgresUserStore(source);
        Users = users;
        Settings = users;
        AccessLog = new PostgresAccessLog(source);
        DeadlineIndex = new PostgresDeadlineIndexStore(source);
        Statistics = new PostgresStatisticsProjectionStore(source);
        Staff = new PostgresStaffRegistry(source);
        Deliveries = new PostgresDeliveryLog(source);
        Reporters = new PostgresReporterLog(source);
        Documentation = new PostgresDocumentationStore(source);
        var intake = new Features.PostgresIntakeStore(source);
        Intake = intake;
        AccessTokens = intake;
        Matching = new Features.PostgresMatchingStore(source);
        State = new Features.PostgresStateStore(source);
        Parties = new Features.PostgresPartyStore(source);
        LoginLockouts = new Features.PostgresLoginLockoutStore(source);
        KeyRing = new Features.PostgresKeyRingStore(source);
        Invoices = new Features.PostgresInvoiceStore(source);
    }

    /// <summary>Opens the database named by <paramref name="db"/> (a postgres:// URI or an Npgsql connection string). With
    /// <paramref name="create"/> an empty database gets the whole schema; without it, an empty one is refused.</summary>
    public static async Task<PostgresDatabase> OpenAsync(string db, bool create = true, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        clock ??= TimeProvider.System;
        var source = PostgresConnection.CreateDataSource(db);
        try
        {
            if (!create)
            {
                await using var c = await source.OpenConnectionAsync(cancellationToken);
                if (await PostgresMigrations.CurrentVersionAsync(c, null, cancellationToken) == 0)
                    throw new FileNotFoundException($"PostgreSQL-databasen {PostgresConnection.Redact(db)} har ingen Vern-tabeller. Lag dem med «vern init --db …» eller «vern demo --db …».");
            }
            await PostgresMigrations.RunAsync(source, clock, ct: cancellationToken);
            return new PostgresDatabase(source, PostgresConnection.Redact(db), clock);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    public NpgsqlDataSource Source { get; }

    /// <summary>The connection as opened, without its password (<see cref="PostgresConnection.Redact"/>, worked out once: the web host
    /// opens a <see cref="VernDatabase"/> per request, and parsing the connection string again took ≈ 3 % of its CPU under load).</summary>
    public string Name { get; }

    public PostgresEventStore Events { get; }

    public IUserStore Users { get; }

    public ISettingsStore Settings { get; }

    public IAccessLog AccessLog { get; }

    public IDeadlineIndexStore DeadlineIndex { get; }

    /// <summary>The statistics projection (migration 22).</summary>
    public IStatisticsProjectionStore Statistics { get; }

    public IStaffRegistry Staff { get; }

    public IDeliveryLog Deliveries { get; }

    public IReporterLog Reporters { get; }

    public IDocumentationStore Documentation { get; }

    /// <summary>The intake (migration 6): received reports and dispositions.</summary>
    public Intake.IIntakeStore Intake { get; }

    /// <summary>The access tokens (migration 6), in the intake's store.</summary>
    public Intake.IAccessTokenStore AccessTokens { get; }

    /// <summary>The duplicate index, match decisions and identity aliases (migration 7).</summary>
    public Matching.IMatchingStore Matching { get; }

    /// <summary>The state side (migration 8): referrals, Fiks messages, facilities.</summary>
    public State.IStateStore State { get; }

    /// <summary>Persons on cases (migration 11).</summary>
    public Parties.IPartyStore Parties { get; }

    /// <summary>The web login lockout (migration 10).</summary>
    public Security.ILoginLockoutStore LoginLockouts { get; }

    /// <summary>The web key ring (migration 29).</summary>
    public Security.IKeyRingStore KeyRing { get; }

    /// <summary>Stored co-payment invoices and credit notes (migration 14).</summary>
    public Finance.IInvoiceStore Invoices { get; }

    public void Dispose() => Source.Dispose();
}
