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
        public Task<LatestDeliveries> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default) =>
            inner.LatestAsync(municipalityNumber, cancellationToken);

        public Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default) => inner.RecordAsync(deliveries, cancellationToken);

        public IDeliveryBatch Begin(LatestDeliveries? read = null, DeliveryOrigin? origin = null)
        {
            second();
            return inner.Begin(read, origin);
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

    /// <summary>Three exports in one process on one delivery log (the web server's): B reads the log, A runs whole, C reads the log,
    /// then B would record. B decided on a log without A's deliveries, so it is refused although C read since; before, the log kept
    /// one position per municipality, C's read moved it past A's commit, and B delivered every case a second time as new
    /// (issue 14, session 16).</summary>
    [Fact]
    public async Task Export_ThreeOnOneLog_TheOneThatReadBeforeAnotherCommitted_RecordsNothing()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var a = new RegisterExporter(vern.Store, vern.Log);
        var meanwhile = new SecondExportMeanwhile(vern.Log, () =>
        {
            a.Export(TempVern.Options(), vern.PathOf("a"));
            vern.Log.LatestAsync(Municipality).GetAwaiter().GetResult(); // C reads the log
        });

        await Assert.ThrowsAsync<DeliveryConflictException>(() => new RegisterExporter(vern.Store, meanwhile).ExportAsync(TempVern.Options(), vern.PathOf("b.zip")));

        Assert.False(File.Exists(vern.PathOf("b.zip")));
        var c = new RegisterExporter(vern.Store, vern.Log).Export(TempVern.Options(), vern.PathOf("c"));
        Assert.Equal(0, c.Count(ExportStatus.New));
        Assert.Equal(vern.Store.ListCases().Count, Directory.GetFiles(vern.PathOf("a"), "*.xml").Length);
    }

    /// <summary>A zip at the target's name may be a recorded delivery not yet sent to SSB; no later incremental export holds its
    /// cases, so writing over it would lose them (issue 14, «nothing acknowledged is ever lost»). Since the zip is published before
    /// the log's commit (session 18), a failed commit would also have left nothing where it was. The export is refused before it
    /// writes or records anything, and the older zip is left as it was. (Until session 17 the rename replaced it after the commit;
    /// this test asserted that.)</summary>
    [Fact]
    public async Task Export_Zip_NeverWritesOverAnOlderZip_AndRecordsNothing()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        File.WriteAllText(vern.PathOf("out.zip"), "an older delivery");

        var refused = await Assert.ThrowsAsync<ZipExistsException>(() => new RegisterExporter(vern.Store, vern.Log).ExportAsync(TempVern.Options(), vern.PathOf("out.zip")));

        Assert.Contains("finnes fra før", refused.Message, StringComparison.Ordinal);
        Assert.Equal("an older delivery", File.ReadAllText(vern.PathOf("out.zip")));
        Assert.Empty(Directory.EnumerateFiles(vern.Dir, "*.tmp"));
        Assert.Equal(vern.Store.ListCases().Count, vern.Export("other.zip").Count(ExportStatus.New));
    }
}
