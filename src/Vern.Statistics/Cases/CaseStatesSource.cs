using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Statistics.Cases;

/// <summary>The one place Statistics reads Vern's own case data: the current state of every case through the storage
/// port <see cref="ICaseSnapshots"/>. When the storage ports are reshaped, only this class moves.</summary>
public sealed class CaseStatesSource(ICaseSnapshots store)
{
    /// <summary>Every case of the scope (one municipality, or explicitly the nation), streamed.</summary>
    public IAsyncEnumerable<CaseState> ReadAsync(MunicipalityScope scope, CancellationToken cancellationToken = default) =>
        store.ReadStatesAsync(scope, cancellationToken);
}
