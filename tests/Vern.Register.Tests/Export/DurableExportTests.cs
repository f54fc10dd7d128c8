using System.IO.Compression;
using Microsoft.Win32.SafeHandles;
using Vern.Register.Export;
using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Export;

/// <summary>Issue 14, «nothing acknowledged is ever lost»: the export's files are on disk before the delivery log records them.
/// Were the log committed first, a power cut after it could take files the log names (missing or empty on a file system without
/// a journal), and the next incremental export would skip those cases. These tests run the real sync (<see cref="FileSync.Disk"/>)
/// and look at the database and the folder at the moment it ends, through a <see cref="FileSync"/> that watches it or fails. The
/// sync runs while the log inserts the rows; the commit waits for it.</summary>
public class DurableExportTests
{
    /// <summary>The real sync, which also notes what was on disk and in the log when it ran.</summary>
    private sealed class Watching(string db) : FileSync
    {
        public int FilesWritten;
        public List<(string Folder, string[] Entries, long LogRows)> Synced { get; } = [];

        public override void Written(SafeFileHandle file)
        {
            Interlocked.Increment(ref FilesWritten);
            base.Written(file);
        }

        public override void Folder(string folder)
        {
            base.Folder(folder);
            Thread.Sleep(200); // the time a commit that did not wait for this sync would need to show in the log
            Synced.Add((folder, Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray(), TempVern.LogRows(db)));
        }
    }

    /// <summary>The real sync, which notes, each time the folder's entries are synced, whether the zip is at its name and what the
    /// log holds.</summary>
    private sealed class WatchingEntries(string db, string zip) : FileSync
    {
        public List<(bool AtItsName, long LogRows)> Synced { get; } = [];

        public override void Entries(string folder)
        {
            base.Entries(folder);
            Thread.Sleep(200); // the time a commit that did not wait for the rename would need to show in the log
            Synced.Add((File.Exists(zip), TempVern.LogRows(db)));
        }
    }

    /// <summary>A disk that fails its sync (a write-back error, a disk gone), after the real sync has run.</summary>
    private sealed class Failing : FileSync
    {
        public override void Folder(string folder)
        {
            base.Folder(folder);
            throw new IOException("syncfs: Input/output error");
        }
    }

    [Fact]
    public void Export_ToAFolder_EveryFileIsSyncedBeforeTheLogRecordsIt()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var sync = new Watching(vern.DbPath);

        var summary = new RegisterExporter(vern.Store, vern.Log, sync).Export(TempVern.Options(), vern.PathOf("ny/levering"));

        var (folder, entries, rows) = Assert.Single(sync.Synced);
        Assert.Equal(vern.PathOf("ny/levering"), folder);
        Assert.Equal(vern.Store.ListCases().Select(c => RegisterExporter.FileName(c.Id)).Order(StringComparer.Ordinal), entries);
        Assert.Equal(0, rows);
        Assert.Equal(3, sync.FilesWritten);
        Assert.Equal(3, summary.FilesWritten);
        Assert.Equal(3, TempVern.LogRows(vern.DbPath));
    }

    [Fact]
    public void Export_ToAZip_TheWholeZipIsSyncedUnderItsTemporaryName_BeforeTheLogRecordsIt()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var sync = new Watching(vern.DbPath);

        new RegisterExporter(vern.Store, vern.Log, sync).Export(TempVern.Options(), vern.PathOf("levering.zip"));

        var (folder, entries, rows) = Assert.Single(sync.Synced);
        Assert.Equal(vern.Dir, folder);
        var temp = Assert.Single(entries, e => e.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.DoesNotContain("levering.zip", entries);
        Assert.Equal(0, rows);
        Assert.False(File.Exists(Path.Combine(vern.Dir, temp)));
        using var zip = ZipFile.OpenRead(vern.PathOf("levering.zip"));
        Assert.Equal(3, zip.Entries.Count);
        Assert.Equal(3, TempVern.LogRows(vern.DbPath));
    }

    /// <summary>The zip is at its name, and that is durable, before the log records it (session 18): a crash leaves either nothing
    /// recorded or the recorded zip at its name, never a recorded delivery under a temporary name nobody looks for.</summary>
    [Fact]
    public void Export_ToAZip_IsAtItsNameBeforeTheLogRecordsIt()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var sync = new WatchingEntries(vern.DbPath, vern.PathOf("levering.zip"));

        new RegisterExporter(vern.Store, vern.Log, sync).Export(TempVern.Options(), vern.PathOf("levering.zip"));

        Assert.Equal((true, 0L), Assert.Single(sync.Synced));
        Assert.Equal(3, TempVern.LogRows(vern.DbPath));
    }

    [Theory]
    [InlineData("ut")]
    [InlineData("ut.zip")]
    public async Task Export_ASyncThatFails_RecordsNothing_AndTheNextExportDeliversEveryCase(string output)
    {
        using var vern = new TempVern();
        Build(vern.Cases);

        await Assert.ThrowsAsync<IOException>(() => new RegisterExporter(vern.Store, vern.Log, new Failing()).ExportAsync(TempVern.Options(), vern.PathOf(output)));

        Assert.Equal(0, TempVern.LogRows(vern.DbPath));
        Assert.False(File.Exists(vern.PathOf("ut.zip")));
        Assert.Empty(Directory.EnumerateFiles(vern.Dir, "*.tmp"));
        Assert.Equal(3, vern.Export("igjen").Count(ExportStatus.New));
    }
}
