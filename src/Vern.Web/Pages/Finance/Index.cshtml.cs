using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Domain.Access;
using Vern.Domain.Finance;
using Vern.Domain.Validation;
using Vern.Finance;
using Vern.Web.Security;

namespace Vern.Web.Pages.Finance;

/// <summary>Økonomi (issue 21): the co-payment calculator by measure and dates (public rates, no stored data: anyone signed in),
/// the rate tables with their sources, the stored invoices (Bufetat's intake: those its region issued, with the form to issue a
/// month; a municipal leader or auditor: the municipality's), and the co-payments by KOSTRA function (`002_…` appendix D).</summary>
public sealed class IndexModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    [BindProperty(SupportsGet = true, Name = "tiltak")] public string? Measure { get; set; }
    [BindProperty(SupportsGet = true, Name = "fra")] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "til")] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "plassert")] public DateOnly? PlacedOn { get; set; }
    [BindProperty(SupportsGet = true, Name = "bosatt")] public DateOnly? SettledOn { get; set; }
    [BindProperty(SupportsGet = true, Name = "foresatte")] public int Parents { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "barn")] public int Children { get; set; } = 1;

    public CopayResult? Result { get; private set; }

    public IReadOnlyList<ValidationIssue> Errors { get; private set; } = [];

    /// <summary>Null: the actor may not see stored invoices.</summary>
    public IReadOnlyList<IssuedInvoice>? Invoices { get; private set; }

    public InvoiceRun? Run { get; private set; }

    public bool MayIssue => Actor.Role == Role.BufetatIntake;

    public Task<IActionResult> OnGetAsync() => Act(async () =>
    {
        if (NeedsPurpose)
            return Page();
        Calculate();
        await LoadInvoices();
        return Page();
    });

    public Task<IActionResult> OnPostIssueAsync(string? month) => Act(async () =>
    {
        try
        {
            Run = await Vern.IssueInvoicesAsync(Actor, YearMonth.Parse(month ?? ""), purpose: PurposeOr("økonomi"));
        }
        catch (DomainRuleException e)
        {
            Errors = e.Issues;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Errors = [new ValidationIssue("vern.finance.month", Severity.Error, "month", $"Måned: {e.Message}", "Vern")];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await LoadInvoices();
        return Page();
    });

    private void Calculate()
    {
        if (Measure is null || From is null || To is null)
            return;
        try
        {
            Result = VernApp.Copay(new CopayStay(Measure, From.Value, To.Value, PlacedOn, SettledOn, Parents, Children));
        }
        catch (DomainRuleException e)
        {
            Errors = e.Issues;
        }
    }

    private async Task LoadInvoices()
    {
        if (Actor.Role is not (Role.BufetatIntake or Role.Leader or Role.Auditor))
            return;
        Invoices = await Vern.IssuedInvoicesAsync(Actor, purpose: PurposeOr("økonomi"));
    }
}
