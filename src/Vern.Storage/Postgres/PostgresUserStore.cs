using Npgsql;
using Vern.Domain.Access;

namespace Vern.Storage.Postgres;

/// <summary>Users and settings on PostgreSQL (tables <c>users</c>, <c>user_changes</c>, <c>settings</c>,
/// <c>setting_changes</c>; step 2). A user row is never deleted (trigger); every change is kept in the append-only
/// history in the same transaction as the change. A change locks the user's row first (SELECT … FOR UPDATE), so two
/// administrators changing one user at once both land in the history with the right old value.</summary>
public sealed class PostgresUserStore(NpgsqlDataSource source) : IUserStore, ISettingsStore, IUserWithCursorRead, IChangeMarksRead
{
    public async Task<User?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand(Select + " WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? Read(r) : null;
    }

    /// <summary>The user and a reading of the change feed, by the store's group read (<see cref="GroupRead{TKey, TAnswer}"/>): the
    /// requests that ask at nearly the same time share one statement (<see cref="FindAllWithCommittedAsync"/>) that starts after each of
    /// them asked; one asking while a statement is in flight waits for the next one. This store is one per data source per process
    /// (<see cref="VernDatabase"/> shares it), so every app of the web host reads through the one group read.</summary>
    /// <remarks>Both guarantees of a statement of its own hold (issue 15 and 17; the proof is in <see cref="GroupRead{TKey, TAnswer}"/>):
    /// the statement's snapshot is taken after the request asked, so a user disabled, or given another role or municipality, by any
    /// process before the request asked is read as such (refused or re-scoped on their next request), and the feed's reading sees
    /// every change committed before the request asked (below its cursor, or past it as its newest change). Cancelling one request does
    /// not cancel the statement of the others; a failed statement fails every request of its group, and the next group reads again.</remarks>
    public Task<(User? User, FeedReading Feed)> FindWithCommittedAsync(string id, CancellationToken cancellationToken = default) =>
        _withCommitted.ReadAsync(id, cancellationToken);

    private readonly GroupRead<string, (User?, FeedReading)> _withCommitted = new(ids => FindAllWithCommittedAsync(source, ids));

    /// <summary>How many user-and-cursor reads were asked of this store, and by how many statements (tests: the group read shared).</summary>
    internal (long Asked, long Statements) GroupReadCounts => _withCommitted.Counts;

    /// <summary>The users of <paramref name="ids"/> and one reading of the change feed, by one statement: a row of the committed cursor
    /// (<see cref="PostgresEventStore.Committed"/>), joined to the users' rows (none for an unknown id: then the cursor's row alone) and to
    /// the last event below the cursor (the events_feed index read backwards from the cursor: one index entry) and to the newest event it
    /// sees at all (the same index from its end). One snapshot answers all, and every transaction below the cursor has ended, so no event
    /// can still land between the last change and the cursor; a newest event past the cursor means a writer committed while an older one
    /// is open. Not given a request's cancellation: the statement is the whole group's.</summary>
    private static async Task<Func<string, (User?, FeedReading)>> FindAllWithCommittedAsync(NpgsqlDataSource source, IReadOnlyList<string> ids)
    {
        await using var cmd = source.CreateCommand($"""
            SELECT u.id, u.name, u.role, u.municipality, u.bydel, u.region, u.disabled, u.password_hash, u.created_at, u.created_by,
                   c.committed, e.tx, e.position, n.tx, n.position
            FROM (SELECT {PostgresEventStore.Committed} AS committed) AS c
            LEFT JOIN users u ON u.id = ANY($1)
            LEFT JOIN LATERAL (SELECT tx, position FROM events WHERE tx < c.committed ORDER BY tx DESC, position DESC LIMIT 1) AS e ON true
            LEFT JOIN LATERAL (SELECT tx, position FROM events ORDER BY tx DESC, position DESC LIMIT 1) AS n ON true
            """);
        cmd.Parameters.AddWithValue(ids as string[] ?? [.. ids]);
        await using var r = await cmd.ExecuteReaderAsync();
        var users = new Dictionary<string, User>(ids.Count, StringComparer.Ordinal);
        FeedReading? feed = null;
        while (await r.ReadAsync())
        {
            if (feed is null)
            {
                var last = r.IsDBNull(11) ? FeedCursor.Start : new FeedCursor(r.GetInt64(11), r.GetInt64(12));
                var newest = r.IsDBNull(13) ? FeedCursor.Start : new FeedCursor(r.GetInt64(13), r.GetInt64(14));
                feed = new FeedReading(new FeedCursor(r.GetInt64(10), 0), last, newest);
            }
            if (!r.IsDBNull(0))
            {
                var user = Read(r);
                users[user.Id] = user;
            }
        }
        var reading = feed ?? throw new InvalidOperationException("The committed cursor's row is missing.");
        return id => (users.GetValueOrDefault(id), reading);
    }

    public async Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT value FROM change_marks WHERE name = 'users'");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ChangeMarks> ChangeMarksAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT max(value) FILTER (WHERE name = 'users'), max(value) FILTER (WHERE name = 'staff') FROM change_marks");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new ChangeMarks(r.GetInt64(0), r.GetInt64(1));
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand(Select + " ORDER BY id COLLATE \"C\"");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<User>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(Read(r));
        return list;
    }

    public async Task AddAsync(User user, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO users(id, name, role, municipality, bydel, region, disabled, password_hash, created_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING
            """, c, tx))
        {
            cmd.Parameters.AddWithValue(user.Id);
            cmd.Parameters.AddWithValue(user.Name);
            cmd.Parameters.AddWithValue(Roles.Name(user.Role));
            cmd.Parameters.Add(PgText.Text(user.MunicipalityNumber));
            cmd.Parameters.Add(PgText.Text(user.Bydel));
            cmd.Parameters.Add(PgText.Text(user.Region));
            cmd.Parameters.AddWithValue(user.Disabled);
            cmd.Parameters.Add(PgText.Text(user.PasswordHash));
            cmd.Parameters.AddWithValue(PgText.Time(user.CreatedAt));
            cmd.Parameters.AddWithValue(user.CreatedBy);
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new UserExistsException(user.Id);
        }
        await Change(c, tx, user.Id, "created", null, UserRules.Describe(user.Role, user.MunicipalityNumber, user.Bydel, user.Region), user.CreatedAt, user.CreatedBy, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public Task ChangeRoleAsync(string id, Role role, string? municipalityNumber, string? bydel, string? region, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Update(id, "UPDATE users SET role = $2, municipality = $3, bydel = $4, region = $5 WHERE id = $1",
            [new NpgsqlParameter { Value = Roles.Name(role) }, PgText.Text(municipalityNumber), PgText.Text(bydel), PgText.Text(region)],
            user => ("role", UserRules.Describe(user.Role, user.MunicipalityNumber, user.Bydel, user.Region), UserRules.Describe(role, municipalityNumber, bydel, region)),
            by, at, cancellationToken);

    public Task SetDisabledAsync(string id, bool disabled, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Update(id, "UPDATE users SET disabled = $2 WHERE id = $1", [new NpgsqlParameter { Value = disabled }],
            user => (disabled ? "disabled" : "enabled", user.Disabled ? "disabled" : "enabled", disabled ? "disabled" : "enabled"),
            by, at, cancellationToken);

    public Task SetPasswordHashAsync(string id, string? passwordHash, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Update(id, "UPDATE users SET password_hash = $2 WHERE id = $1", [PgText.Text(passwordHash)],
            _ => ("password", null, passwordHash is null ? "removed" : "set"), by, at, cancellationToken);

    private async Task Update(string id, string sql, NpgsqlParameter[] values, Func<User, (string Change, string? Old, string? New)> describe,
        string by, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await source.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        User user;
        await using (var lockRow = new NpgsqlCommand(Select + " WHERE id = $1 FOR UPDATE", c, tx))
        {
            lockRow.Parameters.AddWithValue(id);
            await using var r = await lockRow.ExecuteReaderAsync(ct);
            user = await r.ReadAsync(ct) ? Read(r) : throw new UnknownUserException(id);
        }
        await using (var cmd = new NpgsqlCommand(sql, c, tx))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddRange(values);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var (change, old, now) = describe(user);
        await Change(c, tx, id, change, old, now, at, by, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<UserChange>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT user_id, change, old_value, new_value, at, by FROM user_changes WHERE user_id = $1 ORDER BY position");
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<UserChange>();
        while (await r.ReadAsync(cancellationToken))
            list.Add(new UserChange(r.GetString(0), r.GetString(1), PgText.Text(r, 2), PgText.Text(r, 3), PgText.ParseTime(r.GetString(4)), r.GetString(5)));
        return list;
    }

    public async Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var cmd = source.CreateCommand("SELECT value FROM settings WHERE key = $1");
        cmd.Parameters.AddWithValue(key);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetSettingAsync(string key, string value, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var c = await source.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(c)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO settings(key, value, changed_at, changed_by) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (key) DO UPDATE SET value = $2, changed_at = $3, changed_by = $4
                    """) { Parameters = { new() { Value = key }, new() { Value = value }, new() { Value = PgText.Time(at) }, new() { Value = by } } },
                new NpgsqlBatchCommand("INSERT INTO setting_changes(key, value, at, by) VALUES ($1, $2, $3, $4)")
                    { Parameters = { new() { Value = key }, new() { Value = value }, new() { Value = PgText.Time(at) }, new() { Value = by } } },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken); // a batch without a transaction runs as one implicit transaction
    }

    private const string Select = "SELECT id, name, role, municipality, bydel, region, disabled, password_hash, created_at, created_by FROM users";

    private static User Read(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), Roles.Parse(r.GetString(2)),
        PgText.Text(r, 3), PgText.Text(r, 4), PgText.Text(r, 5), r.GetBoolean(6), PgText.Text(r, 7), PgText.ParseTime(r.GetString(8)), r.GetString(9));

    private static async Task Change(NpgsqlConnection c, NpgsqlTransaction tx, string id, string change, string? old, string? now, DateTimeOffset at, string by, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("INSERT INTO user_changes(user_id, change, old_value, new_value, at, by) VALUES ($1, $2, $3, $4, $5, $6)", c, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(change);
        cmd.Parameters.Add(PgText.Text(old));
        cmd.Parameters.Add(PgText.Text(now));
        cmd.Parameters.AddWithValue(PgText.Time(at));
        cmd.Parameters.AddWithValue(by);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
