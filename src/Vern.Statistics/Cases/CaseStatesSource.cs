using Vern.Domain.Cases;
using Vern.Storage;

namespace Vern.Statistics.Cases;

/// <summary>The one place Statistics reads Vern's own case data: the current state of every case through the storage
/// port <see cref="IEventStore"/> (its snapshots). When the storage ports are reshaped, only this class moves.</summary>
public sealed class CaseStatesSource(IEventStore store)
{
    /// <summary>Every case, or those of one municipality (kommunenummer), streamed.</summary>
    public IEnumerable<CaseState> Read(string? municipalityNumber = null) => store.ReadStates(municipalityNumber);
}
