using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Storage;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>The register page (barnevernsregisteret), for the service's leader: the controls that would fail if the cases were
/// sent now (per case, with SSB's control names), the export of every changed case as a zip to download, and the delivery
/// history. The application layer decides who may (AccessPolicy: RegisterExport is the leader's) and logs the reads.</summary>
public sealed class RegisterModel(VernApp vern, CurrentUser current, SsbReference reference) : VernPageModel(vern, current)
{
    public LiveCheckReport Findings { get; private set; } = null!;

    public IReadOnlyList<DeliveryRun> Deliveries { get; private set; } = [];

    /// <summary>Why the last export did not produce a file (no Avgiver known, nothing changed), for the page.</summary>
    public string? ExportMessage { get; private set; }

    [BindProperty(Name = "orgnr")]
    public string? OrganisationNumber { get; set; }

    [BindProperty(Name = "kommunenavn")]
    public string? MunicipalityName { get; set; }

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        await Load();
        return Page();
    });

    /// <summary>Exports to a temporary zip, sends it, and deletes it: the server keeps no copy of the file.</summary>
    public Task<IActionResult> OnPostAsync() => Act(async () =>
    {
        var folder = Directory.CreateTempSubdirectory("vern-export-").FullName;
        var zip = Path.Combine(folder, $"barnevern-{Actor.MunicipalityNumber}-{Vern.Today:yyyy-MM-dd}.zip");
        try
        {
            var given = new ReporterSettings(Blank(OrganisationNumber), Blank(MunicipalityName));
            var result = await Vern.RegisterExportAsync(Actor, given, zip, PurposeOr("registereksport"));
            if (result.Summary.FilesWritten == 0 || !System.IO.File.Exists(zip))
            {
                ExportMessage = $"Ingen saker er endret siden forrige leveranse ({Display.Count(result.Summary.Read, "sak", "saker")} lest). Ingen fil ble laget.";
                await Load();
                return Page();
            }
            var bytes = await System.IO.File.ReadAllBytesAsync(zip);
            return File(bytes, "application/zip", Path.GetFileName(zip));
        }
        catch (ArgumentException e) when (e is ReporterUnknownException || e.Message.Contains("--org-number", StringComparison.Ordinal))
        {
            ExportMessage = e.Message.Replace("--org-number", "organisasjonsnummer", StringComparison.Ordinal)
                .Replace("--municipality-name", "kommunenavn", StringComparison.Ordinal);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await Load();
            return Page();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    });

    private async Task Load()
    {
        // First: the delivery history is the leader's (RegisterExport), so anyone else is refused (and logged) before any case is read.
        Deliveries = await Vern.RegisterDeliveriesAsync(Actor);
        Findings = await Vern.RegisterFindingsAsync(Actor, reference, PurposeOr("registerside"));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
