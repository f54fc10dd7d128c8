using Microsoft.Win32.SafeHandles;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register.Controls;
using Vern.Register.Mapping;
using Vern.Register.Model;
using Vern.Storage;

namespace Vern.Register.Export;

/// <summary>What to export.</summary>
/// <param name="MunicipalityNumber">The municipality (kommunenummer) whose cases are exported.</param>
/// <param name="From">With <paramref name="To"/>: only cases active in the period (see <see cref="RegisterExporter"/>).</param>
/// <param name="Full">Deliver every case in the period again, changed or not.</param>
/// <param name="DryRun">Decide and count, but write no file and record no delivery.</param>
/// <param name="ExtractedAt">DatoUttrekk for every file (Norwegian time with offset).</param>
public sealed record ExportOptions(
    string MunicipalityNumber,
    Avgiver Avgiver,
    Fagsystem Fagsystem,
    DateTimeOffset ExtractedAt,
    DateOnly? From = null,
    DateOnly? To = null,
    bool Full = false,
    bool DryRun = false,
    int MaxParallelism = 0);

/// <summary>Why a case was or was not exported.</summary>
public enum ExportStatus
{
    /// <summary>Never delivered before: written.</summary>
    New,
    /// <summary>Its register content changed since the last delivery: written.</summary>
    Changed,
    /// <summary>Same content as last delivered (and no --full): skipped.</summary>
    Unchanged,
    /// <summary>Re-delivered unchanged because of --full.</summary>
    Redelivered,
    /// <summary>Not active in the period: skipped.</summary>
    OutsidePeriod,
    /// <summary>Closed before the extraction year, with a date SSB's Sak kontroll 1 (ERROR) no longer accepts for that year
    /// (before 1 January of the year − 26, typically the birth date of a client now over 26): skipped, because SSB would
    /// refuse the file and the case cannot change any more. An open case is always sent, so the finding reaches someone.</summary>
    OutsideDateWindow,
}

/// <summary>A case whose export found something the caseworker must fix (things left out of the file).</summary>
public sealed record ExportFinding(CaseId CaseId, string JournalNumber, string? CaseworkerId, IReadOnlyList<ValidationIssue> Issues);

/// <summary>The result of an export.</summary>
public sealed record ExportSummary(
    int Read,
    IReadOnlyDictionary<ExportStatus, int> ByStatus,
    int FilesWritten,
    long BytesWritten,
    TimeSpan Elapsed,
    IReadOnlyList<ExportFinding> Findings)
{
    public int Count(ExportStatus status) => ByStatus.TryGetValue(status, out var n) ? n : 0;
}

/// <summary>Exports a municipality's cases to the national register: one file per case (Barnevern_v4.xsd allows exactly
/// one Sak per file), to a folder or a zip, only the cases whose register content changed since their last delivery.</summary>
/// <remarks>
/// Which cases: a case is <b>in the period</b> when it is open at some day of <c>From..To</c> (both inclusive):
/// Sak StartDato ≤ To and (no SluttDato or SluttDato ≥ From); without From/To every case is in. A case in the period is
/// <b>written</b> when it was never delivered, or when its Sak element (everything in the file but the header: file Id,
/// DatoUttrekk, ForrigeId, Fagsystem, Avgiver) differs from the last delivered one (SHA-256 compared with the delivery log),
/// or always with <see cref="ExportOptions.Full"/>. So an event that changes nothing the register sees (e.g. a new
/// caseworker) causes no re-delivery. ForrigeId is the id of the case's previous delivered file.
/// Streaming: states are read one at a time from the store, decoded, mapped and written by parallel workers, so memory does not grow
/// with the number of cases, apart from the delivery log's latest row per case (<see cref="LastDelivery"/>, about 50 bytes)
/// and, for a zip, the archive's central directory.
/// The deliveries are recorded in one transaction that commits only after every file has been written (and the zip closed)
/// and made durable on disk (<see cref="FileSync"/>), so a failed export records nothing, and a power cut after the commit
/// cannot take a file the log names.
/// </remarks>
public sealed class RegisterExporter(ICaseSnapshots store, IDeliveryLog log, FileSync? sync = null)
{
    private readonly FileSync _sync = sync ?? FileSync.Disk;

    private static readonly byte[] SakStart = "<Sak "u8.ToArray();

    /// <summary>Runs the export to <paramref name="output"/>: a folder, or a zip when it ends in .zip.</summary>
    /// <param name="latestRead">The delivery log's latest delivery per case of the municipality (<see cref="IDeliveryLog.LatestAsync"/>
    /// on the same log), when the caller started that read itself, so that it runs while the caller does its own work before the
    /// export (the application lists and logs the cases it reads: both are serial before the first file); else read here.</param>
    public async Task<ExportSummary> ExportAsync(ExportOptions options, string output,
        Task<LatestDeliveries>? latestRead = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var latest = await (latestRead ?? log.LatestAsync(options.MunicipalityNumber, cancellationToken));
        var counts = new ConcurrentDictionary<ExportStatus, int>();
        var findings = new ConcurrentBag<ExportFinding>();
        long bytes = 0;
        int read = 0;
        var extractedOn = DateOnly.FromDateTime(options.ExtractedAt.Date);

        using var deliveries = options.DryRun ? null : log.Begin(latest);
        using var target = options.DryRun ? null : ExportTarget.Open(output, _sync);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxParallelism > 0 ? options.MaxParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        // Each worker takes one stored state at a time from the stream and decodes it itself (the JSON is most of the cost),
        // so the decoding runs on every core and no more than one state per worker is held.
        await Parallel.ForEachAsync(store.ReadStoredStatesAsync(MunicipalityScope.Of(options.MunicipalityNumber), cancellationToken), parallel,
            (stored, _) =>
            {
                Export(stored.Decode());
                return ValueTask.CompletedTask;
            });

        void Export(CaseState state)
        {
            Interlocked.Increment(ref read);
            if (!InPeriod(state, options.From, options.To))
            {
                counts.AddOrUpdate(ExportStatus.OutsidePeriod, 1, (_, n) => n + 1);
                return;
            }
            var mapped = CaseToRegister.Map(state);
            LastDelivery? previous = latest.TryGetValue(state.Id, out var found) ? found : null;
            var fileId = Guid.NewGuid();
            var header = new RegisterFile(fileId.ToString("D"), options.ExtractedAt, previous?.FileId.ToString("D"), options.Fagsystem, AvgiverFor(state, options.Avgiver));
            if (state.ClosedOn is { } closed && closed.Year < extractedOn.Year
                && RegisterControls.OutsideSakKontroll1Window(new ControlContext(header, mapped.Case, extractedOn)))
            {
                counts.AddOrUpdate(ExportStatus.OutsideDateWindow, 1, (_, n) => n + 1);
                return;
            }
            // Written into this thread's writer: the body is synchronous, so the bytes stay valid until this state is done.
            var content = RegisterWriter.Write(header, mapped.Case);
            var hash = ContentHash(content);
            var status = previous is null ? ExportStatus.New
                : !previous.Value.SameContent(hash) ? ExportStatus.Changed
                : options.Full ? ExportStatus.Redelivered
                : ExportStatus.Unchanged;
            counts.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (mapped.Issues.Count > 0)
                findings.Add(new ExportFinding(state.Id, state.JournalNumber, state.CaseworkerId, mapped.Issues));
            if (status == ExportStatus.Unchanged)
                return;
            Interlocked.Add(ref bytes, content.Length);
            if (target is not null)
            {
                target.Write(FileName(state.Id), content);
                deliveries!.Add(new Delivery(state.Id, options.MunicipalityNumber, state.Version, options.ExtractedAt, fileId, hash));
            }
        }
        target?.Close(); // the zip is complete (under a temporary name) before the deliveries count
        // Every file is on disk before the deliveries count, so the log never names a file a power cut could take. The sync runs
        // while the log inserts the rows (on one core, after the last file); the commit waits for it, and records nothing if it fails.
        var durable = target is null ? Task.CompletedTask : Task.Run(target.Sync, cancellationToken);
        try
        {
            if (deliveries is not null)
                await deliveries.CommitAsync(durable, cancellationToken);
        }
        catch
        {
            await durable.ContinueWith(t => t.Exception, TaskScheduler.Default); // ended before the target is cleaned up; the commit's error is the one reported
            throw;
        }
        await durable;
        target?.Publish(); // only a whole, recorded zip appears at its name

        return new ExportSummary(read, counts.ToDictionary(), deliveries?.Count ?? 0, bytes, clock.Elapsed,
            findings.OrderBy(f => f.JournalNumber, StringComparer.Ordinal).ToList());
    }

    /// <summary>The file name of a case's register file: its Sak/@Id.</summary>
    public static string FileName(CaseId id) => $"{id}.xml";

    /// <summary>The Avgiver of one case's file: the municipality's, with the case's own bydel (Avgiver/@Bydelsnummer and
    /// @Bydelsnavn, as the case was opened or imported with them) where it has one, so a bydel's cases are reported by that
    /// bydel and an imported file's Avgiver comes back unchanged (issue 15).</summary>
    public static Avgiver AvgiverFor(CaseState state, Avgiver municipality) =>
        state.Bydel is not { } bydel ? municipality
        : municipality with { Bydelsnummer = bydel, Bydelsnavn = state.BydelName ?? (municipality.Bydelsnummer == bydel ? municipality.Bydelsnavn : null) };

    /// <summary>True when the case is open on some day of [from, to] (inclusive); no bound means unbounded.</summary>
    public static bool InPeriod(CaseState state, DateOnly? from, DateOnly? to) =>
        (to is null || state.OpenedOn <= to) && (from is null || state.ClosedOn is null || state.ClosedOn >= from);

    /// <summary>SHA-256 (hex) of the file from its Sak element on: the case's content without the file header.</summary>
    public static string ContentHash(ReadOnlySpan<byte> file)
    {
        var at = file.IndexOf(SakStart);
        return Convert.ToHexString(SHA256.HashData(at < 0 ? file : file[at..]));
    }

    /// <summary>Where the files go: a folder (parallel writes) or a zip (one writer at a time).</summary>
    private abstract class ExportTarget : IDisposable
    {
        public static ExportTarget Open(string output, FileSync sync) =>
            output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? new ZipTarget(output, sync) : new FolderTarget(output, sync);

        public abstract void Write(string name, ReadOnlySpan<byte> content);

        /// <summary>Finishes writing (a zip gets its central directory).</summary>
        public virtual void Close() { }

        /// <summary>Makes everything written durable on disk, the folder's entries included (nothing when nothing was written).</summary>
        public abstract void Sync();

        /// <summary>Makes the finished output visible at its name.</summary>
        public virtual void Publish() { }

        public virtual void Dispose() { }
    }

    private sealed class FolderTarget : ExportTarget
    {
        private readonly string _dir;
        private readonly FileSync _sync;
        private int _written;

        /// <remarks>The folder is kept as a full path: .NET resolves a relative path against the working directory
        /// (a <c>getcwd</c> call) at every file it opens.</remarks>
        public FolderTarget(string dir, FileSync sync)
        {
            _dir = Path.GetFullPath(dir);
            _sync = sync;
            Directory.CreateDirectory(dir);
        }

        /// <remarks>A new file is opened with CreateNew: FileMode.Create makes .NET truncate the new, empty file, and
        /// on ext4 a truncated file is flushed to disk when it is closed (auto_da_alloc), which turned every file of
        /// an export into a synchronous disk write. Only a file that is already there is opened with Create.</remarks>
        public override void Write(string name, ReadOnlySpan<byte> content)
        {
            var path = Path.Combine(_dir, name);
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
            }

            using (handle)
            {
                RandomAccess.Write(handle, content, fileOffset: 0);
                _sync.Written(handle);
            }
            Interlocked.Increment(ref _written);
        }

        /// <remarks>The new folder's own entry in its parent is on the same file system, which <see cref="FileSync.Folder"/>
        /// syncs whole on Linux.</remarks>
        public override void Sync()
        {
            if (Volatile.Read(ref _written) > 0)
                _sync.Folder(_dir);
        }
    }

    /// <summary>A zip, created at the first file (an export with nothing to deliver leaves no empty zip behind). It is
    /// written under a temporary name beside the target and renamed at <see cref="Publish"/>: a killed or failed export
    /// never leaves a zip without its central directory at the target, and an older zip there stays until replaced.</summary>
    private sealed class ZipTarget(string path, FileSync sync) : ExportTarget
    {
        private readonly Lock _lock = new();
        private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        private readonly string _temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        private FileStream? _file;
        private ZipArchive? _zip;

        public override void Write(string name, ReadOnlySpan<byte> content)
        {
            lock (_lock)
            {
                if (_zip is null)
                {
                    if (Directory.Exists(path))
                        throw new ArgumentException($"{path} er en mappe; oppgi et filnavn som slutter på .zip.");
                    Directory.CreateDirectory(Path.GetDirectoryName(_temp)!);
                    _file = new FileStream(_temp, FileMode.Create, FileAccess.Write);
                    _zip = new ZipArchive(_file, ZipArchiveMode.Create, leaveOpen: true);
                }
                using var entry = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        }

        public override void Close()
        {
            _zip?.Dispose();
            _zip = null;
            if (_file is not null)
            {
                _file.Flush();
                sync.Written(_file.SafeFileHandle);
                _file.Dispose();
                _file = null;
            }
        }

        /// <summary>The zip under its temporary name, and that name, are on disk (with a folder made for it).</summary>
        public override void Sync()
        {
            if (File.Exists(_temp))
                sync.Folder(_folder);
        }

        /// <summary>The rename is made durable too: after a power cut the zip is at its name or, if the cut came between the
        /// commit and this, whole under its temporary name.</summary>
        public override void Publish()
        {
            if (File.Exists(_temp))
            {
                File.Move(_temp, path, overwrite: true);
                sync.Entries(_folder);
            }
        }

        public override void Dispose()
        {
            Close();
            if (File.Exists(_temp))
                File.Delete(_temp);
        }
    }
}
