using Vern.Domain.Finance;

namespace Vern.Statistics.Public;

/// <summary>The statistics' constant kroner: the municipal deflator edition of Menon 2023 ch. 5.5
/// (<see cref="MunicipalDeflator.Chapter55"/>). The table itself lives in the Domain
/// (<c>src/Vern.Domain/Finance/Deflator.cs</c>) so Finance can use it without referencing Statistics.</summary>
public static class StatisticsDeflator
{
    public static Deflator Default => MunicipalDeflator.Chapter55;
}
