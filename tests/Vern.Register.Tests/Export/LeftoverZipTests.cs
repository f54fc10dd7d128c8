using System.Diagnostics;
using System.IO.Compression;
using Vern.Register.Export;
using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Export;

/// <summary>Issue 14, «nothing acknowledged is ever lost»: what the next export to a zip does with the temporary zip
/// (<c>.NAME.zip.PID.tmp</c>) a killed export left beside it. A leftover the log never recorded is removed (its cases are in the new
/// export); a recorded one (Vern before session 18 committed before the rename) is never removed: it is moved to its name. The
/// leftovers here are made as a kill leaves them; <c>RegisterExportCliTests</c> kills a real export.</summary>
public class LeftoverZipTests
{
    /// <summary>The id of a process that has ended (a short-lived child, waited for). These tests run where CI does: Linux, where
    /// process 1 always runs.</summary>
    private static int EndedProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void Leftover_NeverRecorded_IsRemoved_AndItsCasesGoWithTheNextExport()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        // A whole zip that was never recorded: made by a dry run's twin, an export to another log (a fresh database) of the same cases.
        using (var other = new TempVern())
        {
            Build(other.Cases);
            other.Export("x.zip");
            File.Copy(other.PathOf("x.zip"), LeftoverZips.TemporaryName(vern.PathOf("levering.zip"), EndedProcessId()));
        }

        var summary = vern.Export("levering.zip");

        var leftover = Assert.Single(summary.Leftovers);
        Assert.Equal(LeftoverOutcome.Removed, leftover.Outcome);
        Assert.False(File.Exists(leftover.Path));
        Assert.Contains("Fjernet", LeftoverZips.Describe(leftover, "levering.zip"), StringComparison.Ordinal);
        Assert.Equal(3, summary.Count(ExportStatus.New));
        using var zip = ZipFile.OpenRead(vern.PathOf("levering.zip"));
        Assert.Equal(3, zip.Entries.Count);
    }

    [Fact]
    public void Leftover_KilledWhileWritten_IsRemoved()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var temp = LeftoverZips.TemporaryName(vern.PathOf("levering.zip"), EndedProcessId());
        vern.Export("whole.zip");
        var bytes = File.ReadAllBytes(vern.PathOf("whole.zip"));
        File.WriteAllBytes(temp, bytes[..(bytes.Length / 2)]); // no central directory: the kill came before the zip was closed
        File.Delete(vern.PathOf("whole.zip"));

        var summary = vern.Export("levering.zip", full: true);

        Assert.Equal(LeftoverOutcome.Removed, Assert.Single(summary.Leftovers).Outcome);
        Assert.False(File.Exists(temp));
        Assert.True(File.Exists(vern.PathOf("levering.zip")));
    }

    /// <summary>A zip the log records, left under its temporary name (an export of Vern before session 18 killed between its commit
    /// and its rename): moved to its name, byte for byte, and the new export stops there, since the name is now taken and the user
    /// must send that zip first. The log is as it was: those cases stay delivered, and nothing is delivered twice.</summary>
    [Fact]
    public async Task Leftover_Recorded_IsMovedToItsName_NeverRemoved()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        vern.Export("recorded.zip");
        var bytes = File.ReadAllBytes(vern.PathOf("recorded.zip"));
        var temp = LeftoverZips.TemporaryName(vern.PathOf("levering.zip"), EndedProcessId());
        File.Move(vern.PathOf("recorded.zip"), temp);
        var rows = TempVern.LogRows(vern.DbPath);

        var refused = await Assert.ThrowsAsync<ZipExistsException>(() => new RegisterExporter(vern.Store, vern.Log).ExportAsync(TempVern.Options(), vern.PathOf("levering.zip")));

        Assert.Equal(LeftoverOutcome.Recovered, Assert.Single(refused.Leftovers).Outcome);
        Assert.Contains("Send den til SSB", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp));
        Assert.Equal(bytes, File.ReadAllBytes(vern.PathOf("levering.zip")));
        Assert.Equal(rows, TempVern.LogRows(vern.DbPath));
        Assert.Equal(0, vern.Export("next.zip").Count(ExportStatus.New));
    }

    /// <summary>A recorded leftover whose target name is taken is left where it is, and the message says what it is.</summary>
    [Fact]
    public async Task Leftover_Recorded_NameTaken_IsKept()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        vern.Export("recorded.zip");
        var temp = LeftoverZips.TemporaryName(vern.PathOf("levering.zip"), EndedProcessId());
        File.Move(vern.PathOf("recorded.zip"), temp);
        File.WriteAllText(vern.PathOf("levering.zip"), "an older delivery");

        var refused = await Assert.ThrowsAsync<ZipExistsException>(() => new RegisterExporter(vern.Store, vern.Log).ExportAsync(TempVern.Options(), vern.PathOf("levering.zip")));

        Assert.Equal(LeftoverOutcome.KeptRecorded, Assert.Single(refused.Leftovers).Outcome);
        Assert.True(File.Exists(temp));
        Assert.Contains("ble ikke flyttet", refused.Message, StringComparison.Ordinal);
        Assert.Equal("an older delivery", File.ReadAllText(vern.PathOf("levering.zip")));
    }

    /// <summary>A temporary zip whose process still runs (another export writing it now) is not touched.</summary>
    [Fact]
    public void Leftover_OfARunningProcess_IsLeftAlone()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var temp = LeftoverZips.TemporaryName(vern.PathOf("levering.zip"), 1);
        File.WriteAllText(temp, "being written");

        var summary = vern.Export("levering.zip");

        Assert.Equal(LeftoverOutcome.KeptRunning, Assert.Single(summary.Leftovers).Outcome);
        Assert.Equal("being written", File.ReadAllText(temp));
    }

    /// <summary>The web page's download (<see cref="RegisterExporter.ExportAsync(ExportOptions, Func{Stream, CancellationToken, Task}, Task{Vern.Storage.LatestDeliveries}?, Vern.Storage.DeliveryOrigin?, CancellationToken)"/>):
    /// a hand-over that fails records nothing, and one that completes records once; the zip it read is a whole zip of every case, and
    /// no file is left in the temporary folder either way.</summary>
    [Fact]
    public async Task HandOver_RecordsOnlyWhenItCompletes()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        var temp = Directory.GetFiles(Path.GetTempPath(), "vern-export-*.zip").ToHashSet();
        var exporter = new RegisterExporter(vern.Store, vern.Log);

        await Assert.ThrowsAsync<IOException>(() => exporter.ExportAsync(TempVern.Options(), async (zip, ct) =>
        {
            await zip.ReadExactlyAsync(new byte[100], ct);
            throw new IOException("the client aborted the request");
        }));
        Assert.Equal(0, TempVern.LogRows(vern.DbPath));

        var received = new MemoryStream();
        var summary = await exporter.ExportAsync(TempVern.Options(), (zip, ct) => zip.CopyToAsync(received, ct));
        Assert.Equal(3, summary.Count(ExportStatus.New));
        Assert.Equal(3, TempVern.LogRows(vern.DbPath));
        received.Position = 0;
        using (var zip = new ZipArchive(received, ZipArchiveMode.Read))
            Assert.Equal(3, zip.Entries.Count);

        var handedOver = false;
        var again = await exporter.ExportAsync(TempVern.Options(), (_, _) => { handedOver = true; return Task.CompletedTask; });
        Assert.False(handedOver); // nothing changed: nothing to hand over
        Assert.Equal(0, again.FilesWritten);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "vern-export-*.zip").Except(temp));
        Assert.Empty(Directory.EnumerateFiles(vern.Dir, "*.tmp"));
    }
}
