using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Vern.Application;
using Vern.Register.Check;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Storage;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>The register page (barnevernsregisteret), for the service's leader: the controls that would fail if the cases were
/// sent now (per case, with SSB's control names), the export of every changed case as a zip to download, and the delivery
/// history. The application layer decides who may (AccessPolicy: RegisterExport is the leader's) and logs the reads.</summary>
public sealed class RegisterModel(VernApp vern, CurrentUser current, SsbReference reference, RegisterNotices notices, ILogger<RegisterModel> logger)
    : VernPageModel(vern, current)
{
    public LiveCheckReport Findings { get; private set; } = null!;

    public IReadOnlyList<DeliveryRun> Deliveries { get; private set; } = [];

    /// <summary>The names of the service's users by id, for «Eksportert av» (a user not among them shows by id).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>Why the last export did not produce a file (no Avgiver known, nothing changed), for the page.</summary>
    public string? ExportMessage { get; private set; }

    /// <summary>The Avgiver kept from an earlier export or an imported register file, which the next export uses unless another is
    /// given: shown so the leader sees what will be sent before sending it.</summary>
    public Avgiver? Recorded { get; private set; }

    [BindProperty(Name = "orgnr")]
    public string? OrganisationNumber { get; set; }

    [BindProperty(Name = "kommunenavn")]
    public string? MunicipalityName { get; set; }

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        await Load();
        return Page();
    });

    /// <summary>Exports to a zip and streams it to the browser; the delivery is recorded only after the whole file was written to the
    /// response, flushed and acknowledged by the client's TCP (issue 14, «nothing acknowledged is ever lost»: a delivery the log records but the browser never got, a
    /// dropped connection, a closed tab, a proxy's timeout, the server stopping, would be skipped by the next export). An aborted or
    /// failed response records nothing. The zip is a temporary file without a name (<see cref="RegisterExporter"/>), so the server
    /// keeps no copy, not even when it is killed. The application layer decides and records; the page only hands the file over.</summary>
    /// <remarks>
    /// <para>The response has no Content-Length (it is chunked), and it is completed only after the log's commit: when the commit
    /// fails (another export of the municipality was recorded while this one was downloaded, h14g's position check; or the database
    /// failed) the connection is aborted, so the browser reports the download as failed instead of keeping a file that does not
    /// count, and the next view of the page says what happened (<see cref="RegisterNotices"/>).</para>
    /// <para>A flush only hands the bytes to the kernel: loopback's socket buffers took a whole 250 KB zip while the client had read 8 KB
    /// (<c>Download_OnKestrel_…</c>). So after the flush the page waits until the client's TCP has acknowledged every byte
    /// (<see cref="Received"/>), and Kestrel, which drops writes to a connection that is gone without an error, reports the abort only
    /// through <see cref="HttpContext.RequestAborted"/>, checked last. What the server still cannot see: a proxy in between acknowledges
    /// for the browser, and bytes in the browser machine's receive buffer when the tab closes.</para></remarks>
    public Task<IActionResult> OnPostAsync() => Act(async () =>
    {
        var aborted = HttpContext.RequestAborted;
        var sent = false;
        try
        {
            var given = new ReporterSettings(Blank(OrganisationNumber), Blank(MunicipalityName));
            var name = $"barnevern-{Actor.MunicipalityNumber}-{Vern.Today:yyyy-MM-dd}.zip";
            var result = await Vern.RegisterExportAsync(Actor, given, async (zip, ct) =>
            {
                Response.ContentType = "application/zip";
                var disposition = new ContentDispositionHeaderValue("attachment");
                disposition.SetHttpFileName(name);
                Response.Headers.ContentDisposition = disposition.ToString();
                await zip.CopyToAsync(Response.Body, ct);
                await Response.Body.FlushAsync(ct);
                await Received.AllAcknowledgedAsync(HttpContext, ct); // a flush only hands the bytes to the kernel's buffers
                ct.ThrowIfCancellationRequested(); // writes to a connection that is gone do not fail: only the token tells
                sent = true;
            }, PurposeOr("registereksport"), aborted);
            if (!sent)
            {
                ExportMessage = $"Ingen saker er endret siden forrige leveranse ({Display.Count(result.Summary.Read, "sak", "saker")} lest). Ingen fil ble laget.";
                await Load();
                return Page();
            }
            return new EmptyResult();
        }
        catch (DeliveryNotRecordedException e)
        {
            notices.Keep(Actor.UserId, e.Message + " Nedlastingen ble derfor avbrutt.");
            logger.LogWarning(e.InnerException, "Register export of {Municipality} sent to {User} but not recorded", Actor.MunicipalityNumber, Actor.UserId);
            HttpContext.Abort();
            return new EmptyResult();
        }
        catch (Exception e) when (sent)
        {
            // After the commit (the Avgiver given could not be kept): the delivery is recorded, so the download completes.
            logger.LogError(e, "Register export of {Municipality} recorded, but a later step failed", Actor.MunicipalityNumber);
            return new EmptyResult();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && (Response.HasStarted || aborted.IsCancellationRequested))
        {
            // The browser went away (or stopped taking the file) before it had it all: nothing was recorded, and nobody is there to tell.
            logger.LogInformation("Register export of {Municipality} not received whole ({Reason}); nothing recorded", Actor.MunicipalityNumber, e.Message);
            HttpContext.Abort();
            return new EmptyResult();
        }
        catch (ArgumentException e) when (e is ReporterUnknownException || e.Message.Contains("--org-number", StringComparison.Ordinal))
        {
            ExportMessage = e.Message.Replace("--org-number", "organisasjonsnummer", StringComparison.Ordinal)
                .Replace("--municipality-name", "kommunenavn", StringComparison.Ordinal);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await Load();
            return Page();
        }
    });

    private async Task Load()
    {
        // First: the delivery history is the leader's (RegisterExport), so anyone else is refused (and logged) before any case is read.
        Deliveries = await Vern.RegisterDeliveriesAsync(Actor);
        Names = await Vern.StaffNamesAsync(Actor);
        Recorded = await Vern.RecordedReporterAsync(Actor, Actor.MunicipalityNumber ?? "");
        ExportMessage ??= notices.Take(Actor.UserId);
        Findings = await Vern.RegisterFindingsAsync(Actor, reference, PurposeOr("registerside"));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
