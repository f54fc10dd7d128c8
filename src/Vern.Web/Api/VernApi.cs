using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Vern.Application;
using Vern.Deadlines.Reports;
using Vern.Deadlines.Staff;
using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Storage;
using Vern.Web.Security;

namespace Vern.Web.Api;

/// <summary>The JSON API under /api/v1: the same operations as the pages, through the same application layer, so every call
/// is scoped to the caller's service and logged. Anonymous calls get 401; a refused call 403 (logged by the application
/// layer); a case outside the caller's service 403 with the same words as one that does not exist (style habit 29); a broken rule 422 with a
/// ProblemDetails naming each field, rule and source; a changed case 412/409.</summary>
public static class VernApi
{
    public static IEndpointRouteBuilder MapVernApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization().WithTags("Vern").AddEndpointFilter(Refusals)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/me", async (CurrentUser current) => TypedResults.Ok(MeView.From(await current.RequireAsync())))
            .WithName("Me").WithSummary("Hvem er innlogget: bruker, rolle og tjeneste");

        api.MapGet("/worklist", async (VernApp vern, CurrentUser current, HttpContext http, string? caseworker, int? page, int? pageSize) =>
        {
            var actor = await current.RequireAsync();
            var size = pageSize ?? WorklistPage.DefaultPageSize;
            if (page is < 1 || size is < 1 or > WorklistPage.MaxPageSize)
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    [page is < 1 ? "page" : "pageSize"] = [page is < 1 ? "«page» må være 1 eller mer." : $"«pageSize» må være mellom 1 og {WorklistPage.MaxPageSize}."],
                }, title: "Ugyldig side i arbeidslisten. Ingenting ble lest.", statusCode: StatusCodes.Status400BadRequest);
            var today = vern.Today;
            var lists = await vern.WorklistsAsync(actor, null, today, caseworker, "api arbeidsliste"); // checked and logged, every call
            return Results.Bytes(WorklistJson.Of(lists, today, page ?? 1, size, caseworker, http), "application/json; charset=utf-8");
        }).WithName("Worklist").WithSummary("Arbeidslister: åpne lovpålagte oppgaver, mest haster først, en side om gangen")
            .WithDescription($"Oppgavene i alle listene (per saksbehandler og «ikke fordelt», i den rekkefølgen) deles i sider på «pageSize» (standard {WorklistPage.DefaultPageSize}, "
                + $"høyst {WorklistPage.MaxPageSize}). «total» er antall oppgaver i alt, «pages» antall sider og «next» adressen til neste side (null på den siste). "
                + "Hver liste har sine tall i alt («open», «overdue») og oppgavene som er på denne siden.")
            .Produces<WorklistPage>().ProducesValidationProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/cases/{id:guid}", async (Guid id, VernApp vern, CurrentUser current, SsbReference reference, HttpContext http, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            var overview = await vern.CaseOverviewAsync(actor, new CaseId(id), reference, purpose ?? "api sak"); // checked and logged, every call
            return Results.Bytes(CaseReadJson.Of(overview, http), "application/json; charset=utf-8");
        }).WithName("GetCase").WithSummary("Saken: barnet, status, åpne oppgaver, registerfunn og historikk").Produces<CaseView>();

        api.MapPost("/cases", async (OpenCaseRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            var change = await vern.OpenCaseAsync(actor, request.ToCommand(actor.MunicipalityNumber ?? ""));
            return TypedResults.Created($"/api/v1/cases/{change.State.Id}", ChangeView.From(change));
        }).WithName("OpenCase").WithSummary("Åpne en sak i brukerens kommune").ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/cases/{id:guid}/commands", RecordAsync)
            .WithName("RecordStep").WithSummary("Registrer et steg (samme JSON som «vern case record apply»; If-Match: \"versjon\" hindrer overskriving)")
            .Accepts<JsonElement>("application/json").ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        api.MapPost("/search", async (SearchRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            var found = await vern.SearchCasesAsync(actor, request.Text ?? "", request.Purpose ?? "api søk");
            return TypedResults.Ok(found.Select(CaseSummaryView.From).ToList());
        }).WithName("Search").WithSummary("Søk på navn, fødselsnummer eller journalnummer (POST: fødselsnummeret står aldri i en URL)");

        api.MapPost("/search/documentation", async (SearchRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            var hits = await vern.SearchDocumentationAsync(actor, request.Text ?? "", purpose: request.Purpose ?? "api søk i saksdokumentasjon");
            return TypedResults.Ok(hits.Select(DocumentationHitView.From).ToList());
        }).WithName("SearchDocumentation").WithSummary("Fulltekstsøk i journalnotater, barnets medvirkning, vurderinger og vedtaksdokumenter i sakene brukeren har tilgang til (logges)");

        api.MapGet("/cases/{id:guid}/access", async (Guid id, VernApp vern, CurrentUser current, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            var rows = await vern.CaseAccessAsync(actor, new CaseId(id), purpose ?? "api innsynslogg");
            return TypedResults.Ok(rows.Select(AccessView.From).ToList());
        }).WithName("CaseAccess").WithSummary("Innsynsloggen for saken: hver lesing, hvert avviste forsøk, hver liste som tok den med");

        api.MapGet("/dashboard", async (VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            var today = vern.Today;
            var o = await vern.LeaderOverviewAsync(actor, today.AddYears(-1).AddDays(1), today, "api ledelse");
            return TypedResults.Ok(DashboardView.From(o));
        }).WithName("Dashboard").WithSummary("Ledelse: frister overholdt per oppgave, saksmengde per saksbehandler, meldinger som venter");

        api.MapGet("/users", async (VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok((await vern.ListUsersAsync(actor)).Select(UserView.From).ToList());
        }).WithName("Users").WithSummary("Brukere (administrator)");

        api.MapGet("/staff", async (VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok((await vern.ListStaffAsync(actor, null)).Select(StaffView.From).ToList());
        }).WithName("Staff").WithSummary("Ansattregisteret: stilling, utdanning, årsverk og kompetansekravet (barnevernsloven § 15-6)");

        api.MapPut("/staff/{staffId}", async (string staffId, StaffRequest request, VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            if (StaffRules.EducationNamed(request.Education) is not { } education)
                return (IResult)Problems.RuleBroken([new ValidationIssue(StaffRules.Code, Severity.Error, "education",
                    $"education ({request.Education}) må være en av {string.Join(", ", Enum.GetNames<Education>())}.", "Vern: ansattregisteret")]);
            var member = new StaffMember(staffId, actor.MunicipalityNumber ?? "", request.Name?.Trim() ?? "", request.Position?.Trim() ?? "", education,
                request.YearsInChildWelfare, request.FurtherEducationCredits, request.FullTimeEquivalent, request.LeftOn);
            await vern.SaveStaffMemberAsync(actor, member);
            return TypedResults.Ok(StaffView.From(member));
        }).WithName("SaveStaffMember").WithSummary("Legg til en ansatt eller endre en (etter brukernavn) i brukerens kommune")
            .Produces<StaffView>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/register/findings", async (VernApp vern, CurrentUser current, SsbReference reference, string? purpose) =>
        {
            var actor = await current.RequireAsync();
            var report = await vern.RegisterFindingsAsync(actor, reference, purpose ?? "api registerkontroll");
            return TypedResults.Ok(new RegisterFindingsView(report.CasesChecked, [.. report.CasesWithFindings.Select(c => new CaseFindingsView(c.CaseId.ToString(),
                c.JournalNumber, c.CaseworkerId, [.. c.Issues.Select(f => new FindingView(f.Code, f.Severity.ToString(), f.Path, f.Message, f.Source))]))]));
        }).WithName("RegisterFindings").WithSummary("Før innsending: SSBs kontroller som ville feilet hvis sakene ble sendt nå");

        api.MapGet("/register/deliveries", async (VernApp vern, CurrentUser current) =>
        {
            var actor = await current.RequireAsync();
            return TypedResults.Ok((await vern.RegisterDeliveriesAsync(actor)).Select(d => new DeliveryView(d.DeliveredAt, d.Cases, d.Origin?.ExportedBy, d.Origin?.WayText)).ToList());
        }).WithName("RegisterDeliveries").WithSummary("Leveranser til barnevernsregisteret, nyeste først (leder)");

        return routes;
    }

    private static async Task<IResult> RecordAsync(Guid id, HttpRequest request, VernApp vern, CurrentUser current)
    {
        var actor = await current.RequireAsync();
        CaseCommand command;
        try
        {
            command = await JsonSerializer.DeserializeAsync<CaseCommand>(request.Body, CaseJson.Strict, request.HttpContext.RequestAborted)
                ?? throw new JsonException("Tom kommando.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return TypedResults.Problem(title: "Ugyldig kommando", statusCode: StatusCodes.Status400BadRequest,
                detail: "Kroppen må være en kommando som JSON med feltet «command», f.eks. «receive-report» (docs/cli.md, docs/web.md). " + e.Message);
        }
        var caseId = new CaseId(id);
        var change = ExpectedVersion(request.Headers.IfMatch) is { } expected
            ? await vern.RecordAsync(actor, caseId, command, expected)
            : await vern.RecordAsync(actor, caseId, command);
        request.HttpContext.Response.Headers.ETag = $"\"{change.State.Version}\"";
        return TypedResults.Ok(ChangeView.From(change));
    }

    private static long? ExpectedVersion(StringValues ifMatch) =>
        EntityTagHeaderValue.TryParseList(ifMatch, out var tags) && tags is [var tag] && long.TryParse(tag.Tag.AsSpan().Trim('"'), out var v) ? v : null;

    /// <summary>Turns the application layer's refusals into ProblemDetails.</summary>
    private static async ValueTask<object?> Refusals(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        Guid? caseId = http.Request.RouteValues.TryGetValue("id", out var raw) && Guid.TryParse(raw?.ToString(), out var g) ? g : null;
        try
        {
            return await next(context);
        }
        catch (DomainRuleException e)
        {
            return Problems.RuleBroken(e.Issues);
        }
        catch (AccessDeniedException e)
        {
            var vern = http.RequestServices.GetRequiredService<VernApp>();
            var actor = await http.RequestServices.GetRequiredService<CurrentUser>().GetAsync();
            if (caseId is { } id && actor is not null && await vern.IsOutsideServiceAsync(actor, new CaseId(id)))
                return Problems.CaseRefused();
            return TypedResults.Problem(title: "Ingen tilgang", detail: e.Message + " Forsøket er logget.", statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ConcurrencyException e)
        {
            http.Response.Headers.ETag = $"\"{e.Actual}\"";
            return TypedResults.Problem(title: "Saken er endret av noen andre", detail: e.Message, statusCode: http.Request.Headers.IfMatch.Count > 0
                ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["expectedVersion"] = e.Expected, ["currentVersion"] = e.Actual });
        }
        catch (ArgumentException e) when (caseId is not null)
        {
            // The application layer's "no such case", logged as a refused read: the same 403 as another municipality's case.
            var vern = http.RequestServices.GetRequiredService<VernApp>();
            var actor = await http.RequestServices.GetRequiredService<CurrentUser>().GetAsync();
            if (actor is not null && await vern.IsOutsideServiceAsync(actor, new CaseId(caseId.Value)))
                return Problems.CaseRefused();
            return TypedResults.Problem(title: "Ugyldig forespørsel", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return TypedResults.Problem(title: "Ugyldig forespørsel", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}

/// <summary>The API's ProblemDetails for a refused command and for a case that is not found.</summary>
public static class Problems
{
    /// <summary>422: each broken rule under <c>errors</c> by field, and under <c>issues</c> with its code and source. Nothing was stored.</summary>
    public static ProblemHttpResult RuleBroken(IReadOnlyList<ValidationIssue> issues)
    {
        var problem = new HttpValidationProblemDetails(issues.GroupBy(i => i.Path).ToDictionary(g => g.Key, g => g.Select(i => $"{i.Message} (Kilde: {i.Source})").ToArray()))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Avvist: reglene under er brutt. Ingenting ble lagret.",
            Type = "https://www.rfc-editor.org/rfc/rfc9110#name-422-unprocessable-content",
        };
        problem.Extensions["issues"] = issues.Select(i => new { code = i.Code, field = i.Path, severity = i.Severity.ToString(), message = i.Message, source = i.Source }).ToList();
        return TypedResults.Problem(problem);
    }

    /// <summary>403 for a case outside the caller's service AND for a case that does not exist: the same words, so the answer
    /// never tells whether another municipality has a case with that id. The attempt is in the access log.</summary>
    public static ProblemHttpResult CaseRefused() => TypedResults.Problem(title: "Ingen tilgang til saken",
        detail: Pages.VernPageModel.CaseRefusal, statusCode: StatusCodes.Status403Forbidden);
}
