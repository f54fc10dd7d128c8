using Vern.Domain.Finance;

namespace Vern.Storage.Finance;

/// <summary>Stored co-payment invoices and credit notes (issue 21, migration 14): append-only; nothing is edited or deleted.</summary>
public interface IInvoiceStore
{
    /// <summary>Appends the documents in one transaction; a number already stored refuses the whole batch.</summary>
    Task AppendAsync(IReadOnlyList<IssuedInvoice> documents, CancellationToken cancellationToken = default);

    /// <summary>The documents, oldest first, of one municipality (null: all) and one month (null: all).</summary>
    Task<IReadOnlyList<IssuedInvoice>> ListAsync(string? municipality, int? year, int? month, CancellationToken cancellationToken = default);
}

/// <summary>The invoices in memory (tests, and hosts without a database).</summary>
public sealed class InMemoryInvoiceStore : IInvoiceStore
{
    private readonly List<IssuedInvoice> _documents = [];
    private readonly Lock _lock = new();

    public Task AppendAsync(IReadOnlyList<IssuedInvoice> documents, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var numbers = _documents.Select(d => d.Number).ToHashSet(StringComparer.Ordinal);
            foreach (var d in documents)
                if (!numbers.Add(d.Number))
                    throw SqliteInvoiceStore.NumberTaken(d.Number);
            _documents.AddRange(documents);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IssuedInvoice>> ListAsync(string? municipality, int? year, int? month, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<IssuedInvoice>>([.. _documents.Where(d => (municipality is null || d.Municipality == municipality)
                && (year is null || d.Year == year) && (month is null || d.Month == month))]);
    }
}
