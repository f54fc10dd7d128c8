using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Vern.Domain.Cases;

namespace Vern.Storage;

/// <summary>The deliveries of one export batch, spooled to a temporary file while the export runs (flat memory, nothing held
/// open in the database meanwhile) and read back at commit in case id order (<see cref="ReadInCaseOrder"/>), so an export's
/// rows in the delivery log follow its cases' ids whatever order the workers finished them in. Not thread-safe: the
/// batches that own one lock around it.</summary>
/// <remarks>Memory: 32 bytes per delivery for the order (the case id and the record's place in the file); the records stay in
/// the file and are read back through a memory map, so the commit makes no system call per row. The file has no name while it
/// is used (see <see cref="Add"/>), so a killed export leaves none in the temporary folder.</remarks>
internal sealed class DeliverySpool : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vern-deliveries-{Guid.NewGuid():N}.bin");
    private readonly List<(UInt128 Case, long Offset)> _order = [];
    private readonly HashSet<string> _municipalities = new(StringComparer.Ordinal);
    private FileStream? _file;
    private BinaryWriter? _writer;

    public int Count => _order.Count;

    /// <summary>The municipalities of the deliveries added.</summary>
    public IReadOnlySet<string> Municipalities => _municipalities;

    public void Add(Delivery d)
    {
        if (_file is null)
        {
            // Nothing is left behind when the process is killed (issue 14): on Unix the name is removed as soon as the file is
            // open (the open handle keeps the file until it is closed, by Dispose or by the kernel at the process's end); on
            // Windows, which refuses that, the system deletes it when its last handle closes, also at a kill.
            _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
            if (!OperatingSystem.IsWindows())
                File.Delete(_path);
            _writer = new BinaryWriter(_file);
        }
        _order.Add((CaseOrder(d.CaseId), _file.Position));
        _writer!.Write(d.CaseId.Value.ToByteArray());
        _writer.Write(d.MunicipalityNumber);
        _municipalities.Add(d.MunicipalityNumber);
        _writer.Write(d.Version);
        _writer.Write(d.DeliveredAt.UtcTicks);
        _writer.Write((short)d.DeliveredAt.Offset.TotalMinutes);
        _writer.Write(d.FileId.ToByteArray());
        _writer.Write(d.ContentHash);
    }

    /// <summary>Every delivery added, ordered by case id as its text sorts (two of one case in the order they were added, so
    /// the later one gets the higher log id and stays the latest).</summary>
    public IEnumerable<Delivery> ReadInCaseOrder()
    {
        if (_file is null)
            yield break;
        _writer!.Flush();
        _order.Sort();
        using var map = MemoryMappedFile.CreateFromFile(_file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewStream(0, 0, MemoryMappedFileAccess.Read);
        using var read = new BinaryReader(view);
        foreach (var (_, offset) in _order)
        {
            view.Position = offset;
            var caseId = new CaseId(new Guid(read.ReadBytes(16)));
            var municipality = read.ReadString();
            var version = read.ReadInt64();
            var ticks = read.ReadInt64();
            var at = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(read.ReadInt16()));
            yield return new Delivery(caseId, municipality, version, at, new Guid(read.ReadBytes(16)), read.ReadString());
        }
    }

    /// <summary>The case id as a number that sorts as its text (<see cref="CaseId.ToString"/>: lower-case hex digits in the
    /// UUID's big-endian byte order).</summary>
    private static UInt128 CaseOrder(CaseId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.Value.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
        File.Delete(_path);
    }
}
