using System.Diagnostics;

namespace Vern.Rendering;

/// <summary>Prints an HTML page to PDF with headless Chromium (Debian package <c>chromium</c>), so the PDF is the same page
/// a person sees on screen. Chromium is found through <c>VERN_CHROMIUM</c> or on PATH (chromium, chromium-browser,
/// google-chrome). Each print runs with its own throw-away profile directory, so prints may run side by side.</summary>
public static class PdfPrinter
{
    /// <summary>The Chromium executable, or null when none is installed (or <c>VERN_CHROMIUM</c> names a missing file).</summary>
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("VERN_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator).Where(d => d.Length > 0)
            .SelectMany(d => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(n => Path.Combine(d, n)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Writes <paramref name="pdfPath"/> from the HTML text of a self-contained page (written to a temporary file
    /// that is removed after). Throws when Chromium is missing, fails or takes longer than <paramref name="timeout"/>.</summary>
    public static void Print(string html, string pdfPath, TimeSpan timeout)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vern-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var htmlPath = Path.Combine(dir, "side.html");
            File.WriteAllText(htmlPath, html);
            Run(Chromium(), htmlPath, pdfPath, dir, timeout);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Writes <paramref name="pdfPath"/> from an HTML file in place (for a page with files beside it, such as the
    /// annual report's charts). <paramref name="chromium"/> defaults to <see cref="FindChromium"/>.</summary>
    public static void PrintFile(string htmlPath, string pdfPath, TimeSpan timeout, string? chromium = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vern-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Run(chromium ?? Chromium(), Path.GetFullPath(htmlPath), pdfPath, dir, timeout);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Chromium() =>
        FindChromium() ?? throw new InvalidOperationException("Fant ikke Chromium (installer Debian-pakken chromium, eller sett VERN_CHROMIUM).");

    private static void Run(string chromium, string htmlPath, string pdfPath, string workDir, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(workDir, "profile")}",
                     $"--print-to-pdf={Path.GetFullPath(pdfPath)}", new Uri(htmlPath).AbsoluteUri })
            start.ArgumentList.Add(a);
        if (File.Exists(pdfPath))
            File.Delete(pdfPath);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Kunne ikke starte {chromium}.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{chromium} skrev ikke PDF innen {timeout.TotalSeconds:0} s.");
        }
        if (!File.Exists(pdfPath) || new FileInfo(pdfPath).Length == 0)
            throw new InvalidOperationException($"{chromium} skrev ingen PDF (kode {process.ExitCode}): {stderr.Result}");
    }
}
