using Vern.Domain.Access;

namespace Vern.Storage;

/// <summary>A stored user (bruker): who may act in Vern, in which role, for which service. Users are never deleted:
/// they are disabled, and every change of role, service or status is kept in the history.</summary>
/// <param name="MunicipalityNumber">The municipality (kommunenummer) whose service the user works for; null for state roles.</param>
/// <param name="Bydel">The city district (bydel, 2 digits) within the municipality, where the service is per district.</param>
/// <param name="Region">The Bufetat region a state user acts for (e.g. "Øst").</param>
/// <param name="PasswordHash">Room for the web app's login (issue 16); null until then.</param>
public sealed record User(
    string Id,
    string Name,
    Role Role,
    string? MunicipalityNumber,
    string? Bydel,
    string? Region,
    bool Disabled,
    string? PasswordHash,
    DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>One kept change of a user: "created", "role" (role and service), "disabled" or "enabled".</summary>
public sealed record UserChange(string UserId, string Change, string? OldValue, string? NewValue, DateTimeOffset At, string By);

/// <summary>A user with this id exists already; nothing was stored.</summary>
public sealed class UserExistsException(string id) : ArgumentException($"Brukeren «{id}» finnes allerede; ingenting ble lagret.");

/// <summary>No user with this id; nothing was stored.</summary>
public sealed class UnknownUserException(string id)
    : ArgumentException($"Brukeren «{id}» finnes ikke i databasen. Se «vern user list», eller lag brukeren med «vern user add».")
{
    public string UserId { get; } = id;
}

/// <summary>The user store port. Implementations: <see cref="Sqlite.SqliteUserStore"/>, <see cref="InMemoryUserStore"/>
/// (same contract tests).</summary>
public interface IUserStore
{
    Task<User?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>All users, disabled ones included, ordered by id.</summary>
    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a user; throws <see cref="UserExistsException"/> when the id is taken.</summary>
    Task AddAsync(User user, CancellationToken cancellationToken = default);

    /// <summary>Changes a user's role and service; the old values are kept in the history.</summary>
    Task ChangeRoleAsync(string id, Role role, string? municipalityNumber, string? bydel, string? region, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Disables (or enables again) a user; kept in the history.</summary>
    Task SetDisabledAsync(string id, bool disabled, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every change of one user, oldest first.</summary>
    Task<IReadOnlyList<UserChange>> HistoryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Sets the password hash (the web app's login); kept in the history as "password", never with the hash.</summary>
    Task SetPasswordHashAsync(string id, string? passwordHash, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>A mark of the users' history: it is different after every committed change of any user (added, role, disabled,
    /// password), by any process, so a value kept from the users (the web host's staff names) is kept while it is the same. One
    /// row (migration 32: <c>change_marks</c>, moved by a trigger on the history in the changing transaction; before, PostgreSQL
    /// counted the whole history, since its positions may commit out of order).</summary>
    Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default);
}

/// <summary>A user store on the same database server as the change feed that reads the feed (its committed cursor,
/// <see cref="IChangeFeed.CommittedAsync"/>, and the last change before it) in the same round trip as a user (PostgreSQL: one
/// statement). The web host reads the acting user and the cursor on nearly every request, and its kept structures then ask whether any
/// case changed since they were made; together they are one round trip instead of two or three (issue 17, under load).</summary>
public interface IUserWithCursorRead
{
    /// <summary>The user (null when there is no such user) and a reading of the change feed, by one statement: the reading's cursor
    /// is what <see cref="IChangeFeed.CommittedAsync"/> would have answered at that moment, and its last change the highest change at
    /// or before that cursor.</summary>
    Task<(User? User, FeedReading Feed)> FindWithCommittedAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>The change marks of the users (<see cref="IUserStore.ChangeMarkAsync"/>) and of the staff registry
/// (<see cref="IStaffRegistry.ChangeMarkAsync"/>) as one statement read them.</summary>
public readonly record struct ChangeMarks(long Users, long Staff);

/// <summary>A user store on the same database as the staff registry that reads both change marks by one statement (PostgreSQL): the
/// leader's dashboard needs both, and on a server each statement is a round trip (issue 17, under load).</summary>
public interface IChangeMarksRead
{
    /// <summary>Both marks, by one statement: each as its own store's <c>ChangeMarkAsync</c> gives it.</summary>
    Task<ChangeMarks> ChangeMarksAsync(CancellationToken cancellationToken = default);
}

/// <summary>Configuration stored in the database (innstillinger), with every change kept: key, value, who and when.</summary>
public interface ISettingsStore
{
    Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken = default);

    Task SetSettingAsync(string key, string value, string by, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>Rules shared by every user store, so they refuse the same things.</summary>
public static class UserRules
{
    public static string Describe(Role role, string? municipality, string? bydel, string? region) =>
        $"{Roles.Name(role)} {municipality ?? "-"}{(bydel is null ? "" : "/" + bydel)}{(region is null ? "" : " region " + region)}";
}
