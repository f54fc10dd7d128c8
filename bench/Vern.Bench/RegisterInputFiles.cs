using System.IO.Compression;
using Vern.Register;
using Vern.Register.Samples;

namespace Vern.Bench;

/// <summary>Mode <c>register-input --out DIR</c>: writes the inputs of bench/register-input.sh: one case with many
/// Melding at about 1, 5 and 19 MB (<see cref="RegisterSamples.ManyReports"/>), and a zip of 10,000 realistic case files
/// (also unpacked, for the anchor).</summary>
internal static class RegisterInputFiles
{
    public static int Run(string[] args)
    {
        var i = Array.IndexOf(args, "--out");
        var dir = Directory.CreateDirectory(i >= 0 ? args[i + 1] : Path.Combine(Path.GetTempPath(), "vern-register-input")).FullName;
        foreach (var (name, reports) in new[] { ("one-case-1mb.xml", 4_800), ("one-case-5mb.xml", 24_000), ("one-case-19mb.xml", 90_907) })
        {
            var doc = RegisterSamples.ManyReports(reports);
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, RegisterWriter.WriteToString(doc.File, doc.Case));
            Console.WriteLine($"{path}\t{reports} Melding\t{new FileInfo(path).Length} bytes");
        }

        var files = Directory.CreateDirectory(Path.Combine(dir, "cases-10000")).FullName;
        var zip = Path.Combine(dir, "cases-10000.zip");
        File.Delete(zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            for (var n = 0; n < 10_000; n++)
            {
                var doc = RegisterSamples.Realistic(n + 1);
                var xml = RegisterWriter.WriteToString(doc.File, doc.Case);
                File.WriteAllText(Path.Combine(files, $"{n:D5}.xml"), xml);
                using var w = new StreamWriter(archive.CreateEntry($"{n:D5}.xml", CompressionLevel.Fastest).Open());
                w.Write(xml);
            }
        }
        Console.WriteLine($"{zip}\t10000 files\t{new FileInfo(zip).Length} bytes");
        return 0;
    }
}
