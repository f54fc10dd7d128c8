using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Vern.Domain.Cases;
using Vern.Domain.Text;
using Vern.Storage;

namespace Vern.Register.Export;

/// <summary>What an export did with a temporary zip an earlier export to the same target left behind.</summary>
public enum LeftoverOutcome
{
    /// <summary>Never recorded in the delivery log (or not a whole zip): removed; its cases go with this export.</summary>
    Removed,
    /// <summary>A delivery the log records, left under its temporary name by an export killed between its commit and its rename
    /// (Vern before session 18 committed first): moved to the target's name, where it belongs.</summary>
    Recovered,
    /// <summary>A delivery the log records, but the target's name is taken: left where it is, for the user to send.</summary>
    KeptRecorded,
    /// <summary>Another municipality's export: left alone (this export's log cannot say whether it was recorded).</summary>
    KeptOtherMunicipality,
    /// <summary>Its process still runs (an export writing it now, or a process that got the same id): left alone.</summary>
    KeptRunning,
}

/// <summary>A temporary zip (<c>.NAME.zip.PID.tmp</c>) of an earlier export to the same target, and what this export did with it.</summary>
public sealed record LeftoverZip(string Path, int ProcessId, LeftoverOutcome Outcome);

/// <summary>An export to a zip whose name is taken: Vern does not write over it (see <see cref="RegisterExporter"/>'s zip target). The
/// message also says what became of recorded leftovers found beside it (<see cref="LeftoverZips"/>), since the export stops here.</summary>
public sealed class ZipExistsException(string output, IReadOnlyList<LeftoverZip> leftovers) : ArgumentException(
    string.Concat(leftovers.Where(l => l.Outcome is LeftoverOutcome.Recovered or LeftoverOutcome.KeptRecorded).Select(l => LeftoverZips.Describe(l, output) + " "))
    + $"{output} finnes fra før, og Vern skriver ikke over en zip-fil: den kan være en ført leveranse som ikke er sendt ennå, og da ville sakene i den mangle i neste eksport. Send den (om den ikke er sendt) og flytt den bort, eller velg et annet filnavn.")
{
    public IReadOnlyList<LeftoverZip> Leftovers { get; } = leftovers;
}

/// <summary>Temporary zips left beside an export's target by exports that were killed (SIGKILL, a power cut) before they published
/// their zip: <c>.NAME.zip.PID.tmp</c>. The next export to the same target deals with the ones whose process no longer runs.</summary>
/// <remarks>Whether one was recorded is read from the delivery log the export has just read (<see cref="LatestDeliveries"/>): all the
/// files of one export are recorded in one transaction or none are, so the zip was recorded when one of its files is the latest
/// delivery the log holds for its case (file Id = the log's file id). Since session 18 the zip is published before the commit, so a
/// leftover of this Vern is never recorded; one of an older Vern may be (killed between its commit and its rename), and is then
/// moved to its name, never removed. A zip without its central directory was killed while it was written, before any commit, and is
/// removed. One limit: a recorded leftover whose every case has been delivered again since (by exports to other targets) no longer
/// holds any case's latest delivery and is removed as unrecorded; its cases went out in those later, complete files.</remarks>
public static class LeftoverZips
{
    /// <summary>The temporary name of process <paramref name="processId"/>'s zip for <paramref name="path"/>.</summary>
    public static string TemporaryName(string path, int processId) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $".{System.IO.Path.GetFileName(path)}.{processId.ToString(CultureInfo.InvariantCulture)}.tmp");

    /// <summary>Finds the leftovers beside <paramref name="path"/> (a full path) and deals with each (see <see cref="LeftoverOutcome"/>).
    /// This process's own id counts as gone: its zip is not started yet.</summary>
    public static IReadOnlyList<LeftoverZip> Resolve(string path, LatestDeliveries latest, FileSync sync)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        var name = System.IO.Path.GetFileName(path);
        if (!Directory.Exists(folder))
            return [];
        var found = new List<LeftoverZip>();
        foreach (var temp in Directory.EnumerateFiles(folder, $".{name}.*.tmp").Order(StringComparer.Ordinal))
        {
            var middle = System.IO.Path.GetFileName(temp)[(name.Length + 2)..^4];
            if (!int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            if (pid != Environment.ProcessId && Running(pid))
            {
                found.Add(new LeftoverZip(temp, pid, LeftoverOutcome.KeptRunning));
                continue;
            }
            var outcome = Recorded(temp, latest) switch
            {
                null => LeftoverOutcome.KeptOtherMunicipality,
                false => LeftoverOutcome.Removed,
                true when !File.Exists(path) => LeftoverOutcome.Recovered,
                true => LeftoverOutcome.KeptRecorded,
            };
            if (outcome == LeftoverOutcome.Removed)
                File.Delete(temp);
            else if (outcome == LeftoverOutcome.Recovered)
            {
                File.Move(temp, path, overwrite: false);
                sync.Entries(folder);
            }
            found.Add(new LeftoverZip(temp, pid, outcome));
        }
        return found;
    }

    /// <summary>What was done with a leftover, in bokmål, for the user (the CLI prints it).</summary>
    public static string Describe(LeftoverZip leftover, string output)
    {
        var file = System.IO.Path.GetFileName(leftover.Path);
        return leftover.Outcome switch
        {
            LeftoverOutcome.Removed => $"Fjernet {file}: en eksport som ble avbrutt (prosess {leftover.ProcessId}) før leveransen ble ført i leveranseloggen. Sakene i den er med i denne eksporten.",
            LeftoverOutcome.Recovered => $"{file} (prosess {leftover.ProcessId}) er en leveranse som er ført i leveranseloggen, men ble liggende under et midlertidig navn da eksporten ble avbrutt; den er nå lagt ut som {output}. Send den til SSB.",
            LeftoverOutcome.KeptRecorded => $"{file} (prosess {leftover.ProcessId}) er en leveranse som er ført i leveranseloggen, men ble liggende under et midlertidig navn da eksporten ble avbrutt; {output} finnes fra før, så den ble ikke flyttet. Gi den et navn som slutter på .zip, og send den til SSB.",
            LeftoverOutcome.KeptOtherMunicipality => $"{file} (prosess {leftover.ProcessId}) er en avbrutt eksport for en annen kommune; den ble ikke rørt.",
            LeftoverOutcome.KeptRunning => $"{file} skrives av prosess {leftover.ProcessId}, som fortsatt kjører; den ble ikke rørt.",
            _ => throw new NotSupportedException($"The leftover outcome {leftover.Outcome} has not been implemented."),
        };
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when one of the zip's files is the latest delivery the log holds for its case; null when the zip is another
    /// municipality's; false when none is, or when the zip is not whole.</summary>
    private static bool? Recorded(string temp, LatestDeliveries latest)
    {
        try
        {
            using var zip = ZipFile.OpenRead(temp);
            var checkedMunicipality = false;
            foreach (var entry in zip.Entries)
            {
                if (!entry.Name.EndsWith(".xml", StringComparison.Ordinal) || !Guid.TryParse(entry.Name.AsSpan(0, entry.Name.Length - 4), out var caseId))
                    continue;
                var found = latest.TryGetValue(new CaseId(caseId), out var last);
                if (!found && checkedMunicipality)
                    continue;
                var (fileId, municipality) = Header(entry);
                if (!checkedMunicipality)
                {
                    if (!string.Equals(municipality, latest.MunicipalityNumber, StringComparison.Ordinal))
                        return null;
                    checkedMunicipality = true;
                }
                if (found && fileId == last.FileId)
                    return true;
            }
            return false;
        }
        catch (InvalidDataException)
        {
            return false; // no central directory: killed while the zip was written, which is before any commit
        }
    }

    /// <summary>The file's Id (Barnevern/@Id) and its Avgiver's Kommunenummer.</summary>
    private static (Guid? FileId, string? Municipality) Header(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        Guid? fileId = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
                continue;
            if (reader.LocalName == "Barnevern")
                fileId = Guid.TryParse(reader.GetAttribute("Id"), out var id) ? id : null;
            else if (reader.LocalName == "Avgiver")
                return (fileId, reader.GetAttribute("Kommunenummer"));
            else if (reader.LocalName == "Sak")
                break;
        }
        return (fileId, null);
    }
}

/// <summary>An export's zip was handed over whole (the web page's download), but the delivery log could not record it (another export
/// of the municipality was recorded meanwhile, or the database failed): the receiver has a file whose cases do not count as delivered.
/// Harmless for the register (issue 14: recording too little only means the next export sends those cases again, which SSB takes as an
/// update), but the user must be told, since the file looks like any other.</summary>
public sealed class DeliveryNotRecordedException(int cases, Exception cause) : Exception(
    $"Eksportfilen ({Bokmal.Count(cases, "sak", "saker")}) ble sendt, men leveransen ble ikke ført i leveranseloggen"
    + cause switch
    {
        DeliveryConflictException => ", fordi en annen eksport for kommunen ble ført mens denne ble lastet ned",
        OperationCanceledException => ", fordi forbindelsen ble brutt før leveransen var ført",
        _ => $" ({cause.Message})",
    }
    + ". Sakene i filen regnes derfor ikke som levert: neste eksport tar dem med på nytt, og SSB tar dem imot som en oppdatering.",
    cause)
{
    public int Cases { get; } = cases;
}
