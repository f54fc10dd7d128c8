using System.IO.Compression;
using Vern.Domain.Cases;
using Vern.Register.Export;
using Vern.Storage;
using Vern.Storage.Sqlite;
using Vern.Tests;
using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Export;

/// <summary>Two exports of one municipality at once must not both deliver every case as new, and a failed zip export
/// leaves nothing at its target.</summary>
public class ConcurrentExportTests
{
    /// <summary>The real delivery log, with a second export run after this export has read the log and before it
    /// starts recording: the interleaving two processes can produce.</summary>
    private sealed class SecondExportMeanwhile(SqliteDeliveryLog inner, Action second) : IDeliveryLog
    {
        public Task<IReadOnlyDictionary<CaseId, LastDelivery>> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
            inner.LatestAsync(municipalityNumber, cancellationToken);

        public Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default) => inner.RecordAsync(deliveries, cancellationToken);

        public IDeliveryBatch Begin()
        {
            second();
            return inner.Begin();
        }
    }

    [Fact]
    public async Task Export_AnotherExportDeliveredMeanwhile_RecordsNothingAndLeavesNoZip()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        using var otherLog = new SqliteDeliveryLog(vern.DbPath);
        var first = new RegisterExporter(vern.Store, otherLog);
        var log = new SecondExportMeanwhile(vern.Log, () => first.Export(TempVern.Options(), vern.PathOf("first.zip")));

        await Assert.ThrowsAsync<DeliveryConflictException>(() => new RegisterExporter(vern.Store, log).ExportAsync(TempVern.Options(), vern.PathOf("second.zip")));

        Assert.False(File.Exists(vern.PathOf("second.zip")));
        Assert.Empty(Directory.EnumerateFiles(vern.Dir, "*.tmp"));
        using (var zip = ZipFile.OpenRead(vern.PathOf("first.zip")))
            Assert.Equal(vern.Store.ListCases().Count, zip.Entries.Count);
        // Run again: everything was delivered by the first export, so nothing is new.
        var again = vern.Export("again.zip");
        Assert.Equal(0, again.Count(ExportStatus.New));
        Assert.False(File.Exists(vern.PathOf("again.zip")));
    }

    [Fact]
    public void Export_Zip_IsWrittenUnderATemporaryNameAndReplacesTheOldOneWhole()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        File.WriteAllText(vern.PathOf("out.zip"), "an older delivery");
        vern.Export("out.zip");
        using var zip = ZipFile.OpenRead(vern.PathOf("out.zip"));
        Assert.Equal(vern.Store.ListCases().Count, zip.Entries.Count);
        Assert.Empty(Directory.EnumerateFiles(vern.Dir, "*.tmp"));
    }
}
