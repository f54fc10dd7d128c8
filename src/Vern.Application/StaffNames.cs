using Vern.Storage;

namespace Vern.Application;

/// <summary>The staff names of each service (user id → name, for headings and timelines), kept per host for one database (issue 16,
/// speed: every leader's page, case page and timeline listed every user of the database to name a few). Kept while the user store's
/// <see cref="IUserStore.ChangeMarkAsync"/> is the same: every added user and every change of role, service, disabling or password,
/// by this process or another (<c>vern user</c>), moves it, so the next request reads the users again. Also keeps the staff registry's
/// employees per municipality (the leader's dashboard's capacity) while the registry's <see cref="IStaffRegistry.ChangeMarkAsync"/> is
/// the same (<see cref="RegistryOfAsync"/>); the leader's dashboard reads both marks by one statement on PostgreSQL
/// (<see cref="IChangeMarksRead"/>) and neither list while nothing changed (issue 17, under load). Holds no access decision:
/// staff names and the registry are not case data, and every caller has passed its policy check.</summary>
public sealed class StaffNames
{
    private readonly Lock _lock = new();
    private long? _mark;
    private IReadOnlyList<User> _users = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _byMunicipality = new(StringComparer.Ordinal);
    private long? _registryMark;
    private readonly Dictionary<string, IReadOnlyList<StaffMember>> _registry = new(StringComparer.Ordinal);

    /// <summary>The staff registry's employees of the municipality, as <see cref="IStaffRegistry.ListAsync"/> gives them, kept while the
    /// registry's change mark is the same: <paramref name="mark"/> when the request has read it already (taken before the list is read),
    /// else read here.</summary>
    public async Task<IReadOnlyList<StaffMember>> RegistryOfAsync(IStaffRegistry staff, string municipality, long? mark = null, CancellationToken cancellationToken = default)
    {
        var now = mark ?? await staff.ChangeMarkAsync(cancellationToken);
        lock (_lock)
            if (_registryMark == now && _registry.TryGetValue(municipality, out var kept))
                return kept;
        // Read after the mark: a change between the two is in the list and moves the mark, so the next request reads again.
        var list = await staff.ListAsync(MunicipalityScope.Of(municipality), cancellationToken);
        lock (_lock)
        {
            if (_registryMark != now)
            {
                _registryMark = now;
                _registry.Clear();
            }
            _registry[municipality] = list;
        }
        return list;
    }

    /// <summary>The names of the actor's colleagues (the users of the actor's municipality) and the actor, as
    /// <see cref="VernApp.StaffNamesAsync"/> gives them. For an actor of a municipality the same dictionary is handed out until a user
    /// changes (never changed by anyone: read-only).</summary>
    /// <param name="mark">The users' change mark when the request has read it already (taken before the users are read); else read here.</param>
    public async Task<IReadOnlyDictionary<string, string>> OfAsync(IUserStore users, Actor actor, long? mark = null, CancellationToken cancellationToken = default)
    {
        mark ??= await users.ChangeMarkAsync(cancellationToken);
        IReadOnlyList<User>? all = null;
        lock (_lock)
        {
            if (_mark == mark)
            {
                if (actor.MunicipalityNumber is { } m && _byMunicipality.TryGetValue(m, out var kept) && kept.ContainsKey(actor.UserId))
                    return kept;
                all = _users;
            }
        }
        if (all is null)
        {
            // Read after the mark: a change between the two is in the list and moves the mark, so the next request reads again.
            all = await users.ListAsync(cancellationToken);
            lock (_lock)
            {
                _mark = mark;
                _users = all;
                _byMunicipality.Clear();
            }
        }
        var names = Of(all, actor);
        if (actor.MunicipalityNumber is { } municipality && names.ContainsKey(actor.UserId) && all.Any(u => u.Id == actor.UserId && u.MunicipalityNumber == municipality))
            lock (_lock)
                if (_mark == mark && ReferenceEquals(_users, all))
                    _byMunicipality.TryAdd(municipality, names);
        return names;
    }

    /// <summary>The users of the actor's municipality and the actor, by id.</summary>
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyList<User> users, Actor actor) =>
        users.Where(u => u.Id == actor.UserId || u.MunicipalityNumber is not null && u.MunicipalityNumber == actor.MunicipalityNumber)
            .ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
}
