using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vern.Register.Export;

/// <summary>How an export makes what it wrote durable on disk before the delivery log records it (issue 14, «nothing acknowledged
/// is ever lost»: a log row naming a file that a power cut took would make the next incremental export skip that case).
/// <see cref="Disk"/> is the real thing; a test may derive from it to see when it runs or to make it fail (a failed sync
/// records nothing).</summary>
/// <remarks>On Linux one <c>syncfs(2)</c> on the folder's file system after the last file, then an <c>fsync</c> of the folder
/// itself: one flush of the disk's cache for the whole export, where an <c>fdatasync</c> per file costs one each
/// (<c>bench/file-sync.py</c>: 62,863 files, docs/register.md). <c>syncfs</c> also writes what other programs left dirty on the
/// same file system, and reports a write-back error of any file there since the folder was opened (Linux ≥ 5.8). Elsewhere each
/// file is flushed as it is closed (<see cref="RandomAccess.FlushToDisk"/>), and on macOS the folder is fsync'ed too.</remarks>
public class FileSync
{
    /// <summary>The disk, as described above.</summary>
    public static FileSync Disk { get; } = new();

    /// <summary>A file of the export has been written and is about to be closed.</summary>
    public virtual void Written(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
            RandomAccess.FlushToDisk(file);
    }

    /// <summary>Every file written under <paramref name="folder"/> (and closed) is made durable, with the folder's entries.</summary>
    public virtual void Folder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return; // Windows: each file was flushed as it was written; NTFS journals the folder's entries
        using var dir = Native.OpenDirectory(folder);
        if (OperatingSystem.IsLinux())
            Native.Check(Native.SyncFs(dir.Fd), "syncfs", folder);
        Native.Check(Native.FSync(dir.Fd), "fsync", folder);
    }

    /// <summary>The entries of <paramref name="folder"/> (a file created or renamed in it) are made durable.</summary>
    public virtual void Entries(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        using var dir = Native.OpenDirectory(folder);
        Native.Check(Native.FSync(dir.Fd), "fsync", folder);
    }

    /// <summary>The few calls .NET has no API for: a folder cannot be opened as a <see cref="SafeFileHandle"/>.</summary>
    private static class Native
    {
        private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (the same value on Linux x64 and arm64)
        private const int ReadOnlyCloseOnExecMac = 0x1000000; // O_RDONLY | O_CLOEXEC on macOS

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int Close(int fd);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int FSync(int fd);

        [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
        public static extern int SyncFs(int fd);

        public static Descriptor OpenDirectory(string path)
        {
            var fd = Open(Encoding.UTF8.GetBytes(Path.GetFullPath(path) + "\0"), OperatingSystem.IsMacOS() ? ReadOnlyCloseOnExecMac : ReadOnlyCloseOnExec);
            Check(fd, "open", path);
            return new Descriptor(fd);
        }

        public static void Check(int result, string call, string path)
        {
            if (result < 0)
                throw new IOException($"{call} {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        public readonly record struct Descriptor(int Fd) : IDisposable
        {
            public void Dispose() => Close(Fd);
        }
    }
}
