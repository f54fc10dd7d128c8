using System.Globalization;
using Microsoft.Data.Sqlite;
using Vern.Domain.Access;

namespace Vern.Storage.Sqlite;

/// <summary>Users and settings in the Vern database (tables <c>users</c>, <c>user_changes</c>, <c>settings</c>,
/// <c>setting_changes</c>; migration 2). A user row is never deleted (trigger); every change is kept in the
/// append-only history, in the same transaction as the change.</summary>
public sealed class SqliteUserStore : IUserStore, ISettingsStore, IDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteUserStore(SqliteConnection connection) => _connection = connection;

    public static SqliteUserStore Open(string path, bool create = true) => new(SqliteMigrations.Open(path, create));

    public Task<User?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement(FindSql);
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.Command.ExecuteReader();
        return Task.FromResult(r.Read() ? Read(r) : null);
    }

    public Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT value FROM change_marks WHERE name = 'users'");
        return Task.FromResult((long)cmd.Command.ExecuteScalar()!);
    }

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = Select + " ORDER BY id";
        using var r = cmd.ExecuteReader();
        var list = new List<User>();
        while (r.Read())
            list.Add(Read(r));
        return Task.FromResult<IReadOnlyList<User>>(list);
    }

    public Task AddAsync(User user, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM users WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", user.Id);
        if ((long)cmd.ExecuteScalar()! > 0)
            throw new UserExistsException(user.Id);
        cmd.CommandText = """
            INSERT INTO users(id, name, role, municipality, bydel, region, disabled, password_hash, created_at, created_by)
            VALUES ($id, $n, $r, $m, $b, $g, $d, $p, $a, $by)
            """;
        cmd.Parameters.AddWithValue("$n", user.Name);
        cmd.Parameters.AddWithValue("$r", Roles.Name(user.Role));
        cmd.Parameters.AddWithValue("$m", (object?)user.MunicipalityNumber ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$b", (object?)user.Bydel ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$g", (object?)user.Region ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$d", user.Disabled ? 1 : 0);
        cmd.Parameters.AddWithValue("$p", (object?)user.PasswordHash ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$a", Time(user.CreatedAt));
        cmd.Parameters.AddWithValue("$by", user.CreatedBy);
        cmd.Run();
        Change(tx, user.Id, "created", null, UserRules.Describe(user.Role, user.MunicipalityNumber, user.Bydel, user.Region), user.CreatedAt, user.CreatedBy);
        tx.Commit();
        return Task.CompletedTask;
    }

    public async Task ChangeRoleAsync(string id, Role role, string? municipalityNumber, string? bydel, string? region, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(id, cancellationToken) ?? throw new UnknownUserException(id);
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE users SET role = $r, municipality = $m, bydel = $b, region = $g WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$r", Roles.Name(role));
        cmd.Parameters.AddWithValue("$m", (object?)municipalityNumber ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$b", (object?)bydel ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$g", (object?)region ?? DBNull.Value);
        cmd.Run();
        Change(tx, id, "role", UserRules.Describe(user.Role, user.MunicipalityNumber, user.Bydel, user.Region), UserRules.Describe(role, municipalityNumber, bydel, region), at, by);
        tx.Commit();
    }

    public async Task SetDisabledAsync(string id, bool disabled, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(id, cancellationToken) ?? throw new UnknownUserException(id);
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE users SET disabled = $d WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$d", disabled ? 1 : 0);
        cmd.Run();
        Change(tx, id, disabled ? "disabled" : "enabled", user.Disabled ? "disabled" : "enabled", disabled ? "disabled" : "enabled", at, by);
        tx.Commit();
    }

    public async Task SetPasswordHashAsync(string id, string? passwordHash, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        _ = await FindAsync(id, cancellationToken) ?? throw new UnknownUserException(id);
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE users SET password_hash = $p WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$p", (object?)passwordHash ?? DBNull.Value);
        cmd.Run();
        Change(tx, id, "password", null, passwordHash is null ? "removed" : "set", at, by);
        tx.Commit();
    }

    public Task<IReadOnlyList<UserChange>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT user_id, change, old_value, new_value, at, by FROM user_changes WHERE user_id = $id ORDER BY position";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        var list = new List<UserChange>();
        while (r.Read())
            list.Add(new UserChange(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetString(5)));
        return Task.FromResult<IReadOnlyList<UserChange>>(list);
    }

    public Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.Statement("SELECT value FROM settings WHERE key = $k");
        cmd.Parameters.AddWithValue("$k", key);
        return Task.FromResult(cmd.Command.ExecuteScalar() as string);
    }

    public Task SetSettingAsync(string key, string value, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO settings(key, value, changed_at, changed_by) VALUES ($k, $v, $a, $b)
                ON CONFLICT(key) DO UPDATE SET value = $v, changed_at = $a, changed_by = $b;
            INSERT INTO setting_changes(key, value, at, by) VALUES ($k, $v, $a, $b);
            """;
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.Parameters.AddWithValue("$a", Time(at));
        cmd.Parameters.AddWithValue("$b", by);
        cmd.Run();
        tx.Commit();
        return Task.CompletedTask;
    }

    public void Dispose() => _connection.Dispose();

    private const string Select = "SELECT id, name, role, municipality, bydel, region, disabled, password_hash, created_at, created_by FROM users";

    /// <summary>The user read of every request (the login cookie's check): kept compiled on a served file.</summary>
    private const string FindSql = Select + " WHERE id = $id";

    private static User Read(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), Roles.Parse(r.GetString(2)),
        r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.GetInt64(6) != 0, r.IsDBNull(7) ? null : r.GetString(7), DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture), r.GetString(9));

    private void Change(SqliteTransaction tx, string id, string change, string? old, string? now, DateTimeOffset at, string by)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO user_changes(user_id, change, old_value, new_value, at, by) VALUES ($id, $c, $o, $n, $a, $b)";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$c", change);
        cmd.Parameters.AddWithValue("$o", (object?)old ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$n", (object?)now ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$a", Time(at));
        cmd.Parameters.AddWithValue("$b", by);
        cmd.Run();
    }

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
