using Vern.Domain.Cases;
using Vern.Domain.Parties;

namespace Vern.Storage.Parties;

/// <summary>A person version appended while another writer appended the same version: nothing was stored.</summary>
public sealed class PersonConcurrencyException(PersonId id, int expected)
    : Exception($"Personen {id} er endret av noen andre (forventet versjon {expected}). Ingenting ble lagret; les det på nytt.");

/// <summary>The persons recorded on cases (sakspersoner: the child's address, parents, others with parental
/// responsibility, reporters). Append-only: a change is a new version of the person; nothing is updated or deleted.
/// Each row carries its case's municipality, the tenant every read is scoped by. The port knows nothing of actors.</summary>
public interface IPartyStore
{
    /// <summary>Appends one version; its <see cref="CasePerson.Version"/> must be the next (1 for a new person), else
    /// <see cref="PersonConcurrencyException"/>.</summary>
    Task AppendPersonAsync(CasePerson person, string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>Appends many versions in one transaction (all or none), each checked as <see cref="AppendPersonAsync"/>
    /// checks one: for data generators and imports.</summary>
    Task AppendPersonsAsync(IReadOnlyList<CasePerson> persons, string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>The current version of every person on the case, in the order they were first recorded.</summary>
    Task<IReadOnlyList<CasePerson>> ReadCasePersonsAsync(CaseId caseId, CancellationToken cancellationToken = default);

    /// <summary>Every version of one person (oldest first), or an empty list.</summary>
    Task<IReadOnlyList<CasePerson>> ReadPersonHistoryAsync(PersonId id, CancellationToken cancellationToken = default);
}

/// <summary>The persons in memory, for tests; the same contract as <see cref="SqlitePartyStore"/>.</summary>
public sealed class InMemoryPartyStore : IPartyStore
{
    private readonly Lock _lock = new();
    private readonly List<CasePerson> _rows = [];

    public Task AppendPersonAsync(CasePerson person, string municipalityNumber, CancellationToken cancellationToken = default) =>
        AppendPersonsAsync([person], municipalityNumber, cancellationToken);

    public Task AppendPersonsAsync(IReadOnlyList<CasePerson> persons, string municipalityNumber, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var added = new List<CasePerson>();
            foreach (var person in persons)
            {
                var existing = _rows.Concat(added).Where(r => r.Id == person.Id).ToList();
                if (person.Version != existing.Count + 1 || existing.Any(r => r.CaseId != person.CaseId))
                    throw new PersonConcurrencyException(person.Id, existing.Count + 1);
                added.Add(person);
            }
            _rows.AddRange(added);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CasePerson>> ReadCasePersonsAsync(CaseId caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CasePerson>>([.. _rows.Where(r => r.CaseId == caseId).GroupBy(r => r.Id).Select(g => g.MaxBy(r => r.Version)!)]);
    }

    public Task<IReadOnlyList<CasePerson>> ReadPersonHistoryAsync(PersonId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CasePerson>>([.. _rows.Where(r => r.Id == id).OrderBy(r => r.Version)]);
    }
}
