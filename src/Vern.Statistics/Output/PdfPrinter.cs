using System.Diagnostics;

namespace Vern.Statistics.Output;

/// <summary>Prints the annual report's HTML page to PDF with headless Chromium (Debian package <c>chromium</c>), so the
/// PDF is the same page the council sees on screen. Chromium is found on PATH (chromium, chromium-browser,
/// google-chrome) or through <c>VERN_CHROMIUM</c>.</summary>
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

    /// <summary>Writes <paramref name="pdfPath"/> from <paramref name="htmlPath"/>; throws with Chromium's output when it fails.</summary>
    public static void Print(string chromium, string htmlPath, string pdfPath, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--print-to-pdf={Path.GetFullPath(pdfPath)}",
                     new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri })
            start.ArgumentList.Add(a);
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
