using Vern.Domain.Access;

namespace Vern.Storage;

/// <summary>Users and settings in memory, for tests and tools; same contract as <see cref="Sqlite.SqliteUserStore"/>.</summary>
public sealed class InMemoryUserStore : IUserStore, ISettingsStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly List<UserChange> _changes = [];
    private readonly Dictionary<string, string> _settings = [];

    public Task<User?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_users.GetValueOrDefault(id));
    }

    public Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult((long)_changes.Count);
    }

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<User>>([.. _users.Values]);
    }

    public Task AddAsync(User user, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_users.TryAdd(user.Id, user))
                throw new UserExistsException(user.Id);
            _changes.Add(new UserChange(user.Id, "created", null, UserRules.Describe(user.Role, user.MunicipalityNumber, user.Bydel, user.Region), user.CreatedAt, user.CreatedBy));
        }
        return Task.CompletedTask;
    }

    public Task ChangeRoleAsync(string id, Role role, string? municipalityNumber, string? bydel, string? region, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var u = _users.GetValueOrDefault(id) ?? throw new UnknownUserException(id);
            _users[id] = u with { Role = role, MunicipalityNumber = municipalityNumber, Bydel = bydel, Region = region };
            _changes.Add(new UserChange(id, "role", UserRules.Describe(u.Role, u.MunicipalityNumber, u.Bydel, u.Region), UserRules.Describe(role, municipalityNumber, bydel, region), at, by));
        }
        return Task.CompletedTask;
    }

    public Task SetDisabledAsync(string id, bool disabled, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var u = _users.GetValueOrDefault(id) ?? throw new UnknownUserException(id);
            _users[id] = u with { Disabled = disabled };
            _changes.Add(new UserChange(id, disabled ? "disabled" : "enabled", u.Disabled ? "disabled" : "enabled", disabled ? "disabled" : "enabled", at, by));
        }
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(string id, string? passwordHash, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var u = _users.GetValueOrDefault(id) ?? throw new UnknownUserException(id);
            _users[id] = u with { PasswordHash = passwordHash };
            _changes.Add(new UserChange(id, "password", null, passwordHash is null ? "removed" : "set", at, by));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UserChange>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<UserChange>>([.. _changes.Where(c => c.UserId == id)]);
    }

    public Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_settings.GetValueOrDefault(key));
    }

    public Task SetSettingAsync(string key, string value, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            _settings[key] = value;
        return Task.CompletedTask;
    }
}
