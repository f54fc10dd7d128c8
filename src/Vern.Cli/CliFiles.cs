namespace Vern.Cli;

/// <summary>Files named on the command line: read with a size limit and a clear message for a folder, written
/// whole or not at all (to a temporary name beside the target, then renamed).</summary>
public static class CliFiles
{
    /// <summary>Reads a text file of at most <paramref name="maxBytes"/>.</summary>
    public static string ReadText(string path, long maxBytes)
    {
        if (Directory.Exists(path))
            throw new ArgumentException($"{path} er en mappe; oppgi en fil.");
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"Finner ikke filen {path}.", path);
        if (info.Length > maxBytes)
            throw new ArgumentException($"{path} er {info.Length:N0} byte; høyst {maxBytes:N0} byte tas imot.");
        return File.ReadAllText(path);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file in the same folder,
    /// renamed into place when complete: a crash or a full disk never leaves half a file at <paramref name="path"/>.</summary>
    public static void WriteText(string path, string text) => WriteAtomically(path, temp => File.WriteAllText(temp, text));

    /// <summary>Runs <paramref name="write"/> on a temporary name beside <paramref name="path"/> and renames the result
    /// to <paramref name="path"/>; on failure the temporary file is removed and <paramref name="path"/> is untouched.</summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        if (Directory.Exists(path))
            throw new ArgumentException($"{path} er en mappe; oppgi et filnavn.");
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && full.StartsWith("/dev/", StringComparison.Ordinal))
        {
            // A device (/dev/stdout, /dev/null …) is written in place: it cannot be replaced by a rename.
            write(full);
            return;
        }
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
