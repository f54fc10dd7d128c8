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
    IReadOnlyList<ExportFinding> Findings,
    IReadOnlyList<LeftoverZip>? Leftovers = null)
{
    /// <summary>Temporary zips of earlier exports to the same target that this export found and dealt with (<see cref="LeftoverZip"/>).</summary>
    public IReadOnlyList<LeftoverZip> Leftovers { get; init; } = Leftovers ?? [];

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
/// and made durable on disk (<see cref="FileSync"/>), a zip moved to its name, or a handed-over zip taken whole by its receiver,
/// so a failed export records nothing, and neither a power cut nor a broken download after the commit can take a file the log
/// names (issue 14: a recorded delivery the user never got is skipped by the next export; recording too little only sends
/// those cases again).
/// </remarks>
public sealed class RegisterExporter(ICaseSnapshots store, IDeliveryLog log, FileSync? sync = null)
{
    private readonly FileSync _sync = sync ?? FileSync.Disk;

    private static readonly byte[] SakStart = "<Sak "u8.ToArray();

    /// <summary>Runs the export to <paramref name="output"/>: a folder, or a zip when it ends in .zip.</summary>
    /// <param name="latestRead">The delivery log's latest delivery per case of the municipality (<see cref="IDeliveryLog.LatestAsync"/>
    /// on the same log), when the caller started that read itself, so that it runs while the caller does its own work before the
    /// export (the application lists and logs the cases it reads: both are serial before the first file); else read here.</param>
    /// <param name="origin">Who exports and how (<see cref="DeliveryOrigin"/>, migration 35), recorded with the deliveries in the
    /// same transaction; the application layer gives it (<see cref="OriginFor"/>).</param>
    public Task<ExportSummary> ExportAsync(ExportOptions options, string output,
        Task<LatestDeliveries>? latestRead = null, DeliveryOrigin? origin = null, CancellationToken cancellationToken = default) =>
        RunAsync(options, latest => ExportTarget.Open(output, _sync, latest), latestRead, origin, cancellationToken);

    /// <summary>Who exports to <paramref name="output"/> and how: a zip when it ends in .zip (as <see cref="ExportAsync(ExportOptions, string, Task{LatestDeliveries}?, DeliveryOrigin?, CancellationToken)"/>
    /// decides), else a folder.</summary>
    public static DeliveryOrigin OriginFor(string exportedBy, string output) =>
        new(exportedBy, IsZip(output) ? DeliveryWay.CliZip : DeliveryWay.CliFolder);

    private static bool IsZip(string output) => output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the export to a zip that is handed over rather than kept (the web page's download): when every file is in the
    /// zip, <paramref name="handOver"/> gets it to read, and the deliveries are recorded only if it completes; if it throws (the
    /// browser went away before the whole file was sent) nothing is recorded. The zip is a temporary file with no name while it
    /// is used, so nothing is left on the server, not even when the process is killed (issue 14, «nothing acknowledged is ever
    /// lost»: a delivery the log records but the user never got would be skipped by the next export). The log's transaction
    /// starts only after the hand-over, so a slow download holds no lock on the database. Nothing is handed over when no
    /// case is to be delivered (<see cref="ExportSummary.FilesWritten"/> is 0).</summary>
    public Task<ExportSummary> ExportAsync(ExportOptions options, Func<Stream, CancellationToken, Task> handOver,
        Task<LatestDeliveries>? latestRead = null, DeliveryOrigin? origin = null, CancellationToken cancellationToken = default) =>
        RunAsync(options, _ => new HandedOverZip(handOver), latestRead, origin, cancellationToken);

    private async Task<ExportSummary> RunAsync(ExportOptions options, Func<LatestDeliveries, ExportTarget> open,
        Task<LatestDeliveries>? latestRead, DeliveryOrigin? origin, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var latest = await (latestRead ?? log.LatestAsync(options.MunicipalityNumber, cancellationToken));
        var counts = new ConcurrentDictionary<ExportStatus, int>();
        var findings = new ConcurrentBag<ExportFinding>();
        long bytes = 0;
        int read = 0;
        var extractedOn = DateOnly.FromDateTime(options.ExtractedAt.Date);

        using var deliveries = options.DryRun ? null : log.Begin(latest, origin);
        using var target = options.DryRun ? null : open(latest);
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
        var handedOver = false;
        if (target is not null && deliveries is { Count: > 0 })
        {
            await target.HandOverAsync(cancellationToken); // before the log's transaction starts: a download may take long
            handedOver = target is HandedOverZip;
        }
        // Every file is on disk (and a zip at its name) before the deliveries count, so the log never names a file a power cut could
        // take. This runs while the log inserts the rows (on one core, after the last file); the commit waits for it, and records
        // nothing if it fails.
        var durable = target is null ? Task.CompletedTask : Task.Run(target.MakeDurable, cancellationToken);
        try
        {
            if (deliveries is not null)
                await deliveries.CommitAsync(durable, cancellationToken);
        }
        catch (Exception e)
        {
            await durable.ContinueWith(t => t.Exception, TaskScheduler.Default); // ended before the target is cleaned up; the commit's error is the one reported
            target?.Withdraw(); // what the log does not record is not left at its name
            if (handedOver)
                throw new DeliveryNotRecordedException(deliveries!.Count, e); // the receiver has the file: say that it does not count
            throw;
        }
        await durable;

        return new ExportSummary(read, counts.ToDictionary(), deliveries?.Count ?? 0, bytes, clock.Elapsed,
            findings.OrderBy(f => f.JournalNumber, StringComparer.Ordinal).ToList(), target?.Leftovers ?? []);
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
        public static ExportTarget Open(string output, FileSync sync, LatestDeliveries latest) =>
            IsZip(output) ? ZipTarget.Create(output, sync, latest) : new FolderTarget(output, sync);

        public abstract void Write(string name, ReadOnlySpan<byte> content);

        /// <summary>Finishes writing (a zip gets its central directory).</summary>
        public virtual void Close() { }

        /// <summary>Hands the finished output over before the log's transaction starts (only when something was written).</summary>
        public virtual Task HandOverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>Makes everything written durable on disk, the folder's entries included, and visible at its name (nothing when
        /// nothing was written). Runs while the log inserts its rows; the commit waits for it.</summary>
        public abstract void MakeDurable();

        /// <summary>The log did not record the deliveries: takes back what <see cref="MakeDurable"/> made visible.</summary>
        public virtual void Withdraw() { }

        /// <summary>Temporary zips of earlier exports this one found beside its target.</summary>
        public virtual IReadOnlyList<LeftoverZip> Leftovers => [];

        public virtual void Dispose() { }
    }

    /// <summary>What both zips share: the zip is made at the first file (an export with nothing to deliver makes none), in the file
    /// <see cref="Create"/> opens, one entry per case, the workers writing one at a time.</summary>
    private abstract class ZipFileTarget : ExportTarget
    {
        private readonly Lock _lock = new();
        private ZipArchive? _zip;

        /// <summary>The zip's file, open from the first file on; null before it.</summary>
        protected FileStream? ZipFile { get; private set; }

        /// <summary>Opens the file the zip is written into.</summary>
        protected abstract FileStream Create();

        public override void Write(string name, ReadOnlySpan<byte> content)
        {
            lock (_lock)
            {
                if (_zip is null)
                {
                    ZipFile = Create();
                    _zip = new ZipArchive(ZipFile, ZipArchiveMode.Create, leaveOpen: true);
                }
                using var entry = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        }

        /// <summary>Writes the zip's central directory; the file stays open.</summary>
        protected void FinishZip()
        {
            _zip?.Dispose();
            _zip = null;
        }

        /// <summary>Closes the file (after <see cref="FinishZip"/>).</summary>
        protected void CloseFile()
        {
            ZipFile?.Dispose();
            ZipFile = null;
        }
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
        public override void MakeDurable()
        {
            if (Volatile.Read(ref _written) > 0)
                _sync.Folder(_dir);
        }
    }

    /// <summary>A zip at a path (<c>vern export register --out x.zip</c>), created at the first file (an export with nothing to deliver
    /// leaves no empty zip behind). It is written under a temporary name beside the target (<c>.NAME.zip.PID.tmp</c>), made durable,
    /// and published at its name <b>before</b> the log's commit, with a rename that never replaces a file.</summary>
    /// <remarks>
    /// <para>Why publish before the commit (issue 14, session 18): the log's rows mean «these cases were delivered; the next export skips
    /// them». Had the commit come first (session 17), a kill or power cut between the commit and the rename left the recorded delivery
    /// under its temporary name, where nobody looks for it, and its cases were missing from the next export. Now a crash leaves either
    /// nothing recorded (the zip under its temporary name, or already at its name: both are safe, the next export sends those cases
    /// again and SSB takes them as an update) or the recorded zip at its name. A failed or conflicting commit takes the published zip
    /// back (<see cref="Withdraw"/>), so what the user finds at the name after an error is never an unrecorded delivery they might
    /// think counted.</para>
    /// <para>An older zip at the same name is never replaced (the export is refused before it reads a case, <see cref="ZipExistsException"/>):
    /// it may be a recorded delivery not yet sent, whose cases no later incremental export holds. Before, the rename replaced it after
    /// the commit, and with the publish before the commit a failed commit would have replaced it with nothing. The rename is
    /// <c>File.Move(overwrite: false)</c> (on Unix a link and an unlink), so a zip that appears at the name while the export runs is not
    /// replaced either: the move fails and nothing is recorded.</para>
    /// <para>Temporary zips of earlier exports to the same target whose process no longer runs are dealt with when this one starts
    /// (<see cref="LeftoverZips"/>).</para></remarks>
    private sealed class ZipTarget : ZipFileTarget
    {
        private readonly string _path;
        private readonly string _folder;
        private readonly string _temp;
        private readonly FileSync _sync;
        private readonly IReadOnlyList<LeftoverZip> _leftovers;
        private bool _complete;
        private bool _published;

        private ZipTarget(string path, FileSync sync, IReadOnlyList<LeftoverZip> leftovers)
        {
            _path = path;
            _folder = Path.GetDirectoryName(path)!;
            _temp = LeftoverZips.TemporaryName(path, Environment.ProcessId);
            _sync = sync;
            _leftovers = leftovers;
        }

        public static ZipTarget Create(string output, FileSync sync, LatestDeliveries latest)
        {
            var path = Path.GetFullPath(output);
            if (Directory.Exists(path))
                throw new ArgumentException($"{output} er en mappe; oppgi et filnavn som slutter på .zip.");
            var leftovers = LeftoverZips.Resolve(path, latest, sync);
            if (File.Exists(path))
                throw new ZipExistsException(output, leftovers);
            return new ZipTarget(path, sync, leftovers);
        }

        public override IReadOnlyList<LeftoverZip> Leftovers => _leftovers;

        protected override FileStream Create()
        {
            Directory.CreateDirectory(_folder);
            return new FileStream(_temp, FileMode.CreateNew, FileAccess.Write);
        }

        public override void Close()
        {
            FinishZip();
            if (ZipFile is { } file)
            {
                file.Flush();
                _sync.Written(file.SafeFileHandle);
                CloseFile();
                _complete = true;
            }
        }

        /// <summary>The zip under its temporary name, and that name, are made durable (with a folder made for it); then it is moved to
        /// its name, never over a file there, and the move is made durable too.</summary>
        public override void MakeDurable()
        {
            if (!_complete)
                return;
            _sync.Folder(_folder);
            File.Move(_temp, _path, overwrite: false);
            _published = true;
            _sync.Entries(_folder);
        }

        /// <summary>The commit failed (a conflicting export, the database gone): the published zip is removed again; its cases go with
        /// the next export. Best effort: the log recorded nothing either way, and the commit's error is the one reported.</summary>
        public override void Withdraw()
        {
            if (!_published)
                return;
            try
            {
                File.Delete(_path);
                _published = false;
                _sync.Entries(_folder);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public override void Dispose()
        {
            Close();
            if (!_published && File.Exists(_temp))
                File.Delete(_temp);
        }
    }

    /// <summary>A zip that is handed over and not kept (<see cref="ExportAsync(ExportOptions, Func{Stream, CancellationToken, Task}, Task{LatestDeliveries}?, DeliveryOrigin?, CancellationToken)"/>):
    /// a temporary file with no name while it is used (Unix: unlinked as soon as it is open; Windows: deleted when its handle closes),
    /// so a killed server leaves no copy of it. Nothing is synced: the file is not kept, and what counts is that the receiver got it.</summary>
    private sealed class HandedOverZip(Func<Stream, CancellationToken, Task> handOver) : ZipFileTarget
    {
        protected override FileStream Create()
        {
            var path = Path.Combine(Path.GetTempPath(), $"vern-export-{Guid.NewGuid():N}.zip");
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
            if (!OperatingSystem.IsWindows())
                File.Delete(path);
            return file;
        }

        public override void Close()
        {
            FinishZip();
            ZipFile?.Flush();
        }

        public override async Task HandOverAsync(CancellationToken cancellationToken)
        {
            if (ZipFile is not { } file)
                return;
            file.Position = 0;
            await handOver(file, cancellationToken);
        }

        public override void MakeDurable() { }

        public override void Dispose()
        {
            Close();
            CloseFile();
        }
    }
}
