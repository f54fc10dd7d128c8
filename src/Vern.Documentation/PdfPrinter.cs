using System.Diagnostics;

namespace Vern.Documentation;

/// <summary>Prints an HTML page to PDF with headless Chromium (Debian package <c>chromium</c>), found on PATH or through
/// <c>VERN_CHROMIUM</c> (the same convention as the annual report's printer in Vern.Statistics, which a feature area may
/// not reference).</summary>
public static class PdfPrinter
{
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("VERN_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator).Where(d => d.Length > 0)
            .SelectMany(d => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(n => Path.Combine(d, n)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Writes <paramref name="pdfPath"/> from the HTML text (through a temporary file that is removed after).</summary>
    public static void Print(string html, string pdfPath, TimeSpan timeout)
    {
        var chromium = FindChromium() ?? throw new InvalidOperationException("Fant ikke Chromium (installer Debian-pakken chromium, eller sett VERN_CHROMIUM).");
        var dir = Path.Combine(Path.GetTempPath(), "vern-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var htmlPath = Path.Combine(dir, "vedtak.html");
            File.WriteAllText(htmlPath, html);
            var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(dir, "profile")}",
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
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
