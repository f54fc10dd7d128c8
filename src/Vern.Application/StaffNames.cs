using Vern.Storage;

namespace Vern.Application;

/// <summary>The staff names of each service (user id → name, for headings and timelines), kept per host for one database (issue 16,
/// speed: every leader's page, case page and timeline listed every user of the database to name a few). Kept while the user store's
/// <see cref="IUserStore.ChangeMarkAsync"/> is the same: every added user and every change of role, service, disabling or password,
/// by this process or another (<c>vern user</c>), moves it, so the next request reads the users again. Holds no access decision:
/// staff names are not case data.</summary>
public sealed class StaffNames
{
    private readonly Lock _lock = new();
    private long? _mark;
    private IReadOnlyList<User> _users = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _byMunicipality = new(StringComparer.Ordinal);

    /// <summary>The names of the actor's colleagues (the users of the actor's municipality) and the actor, as
    /// <see cref="VernApp.StaffNamesAsync"/> gives them. For an actor of a municipality the same dictionary is handed out until a user
    /// changes (never changed by anyone: read-only).</summary>
    public async Task<IReadOnlyDictionary<string, string>> OfAsync(IUserStore users, Actor actor, CancellationToken cancellationToken = default)
    {
        var mark = await users.ChangeMarkAsync(cancellationToken);
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
