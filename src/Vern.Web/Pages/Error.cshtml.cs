using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Web.Pages;

/// <summary>The page for an error status: plain words, no details of the failure (those go to the server log).</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>Where a page puts the application layer's refusal for the 403 page.</summary>
    public const string RefusalKey = "vern.refusal";

    public string? Refusal => HttpContext.Items[RefusalKey] as string;

    public string Title { get; private set; } = "Noe gikk galt";

    public string Text { get; private set; } = "Vern kunne ikke fullføre forespørselen. Ingenting ble lagret. Prøv igjen, eller kontakt administrator.";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        (Title, Text) = status switch
        {
            403 when Refusal == VernPageModel.CaseRefusal => ("Ingen tilgang til saken", "Spør lederen din hvis du mener du skal ha tilgang."),
            403 => ("Ingen tilgang", "Du har ikke tilgang til dette. Forsøket er logget."),
            404 => ("Fant ikke siden", "Siden eller saken finnes ikke, eller du har ikke tilgang til den."),
            400 => ("Ugyldig forespørsel", "Forespørselen kunne ikke behandles. Last siden på nytt og prøv igjen."),
            _ => (Title, Text),
        };
        if (status is { } s)
            Response.StatusCode = s;
    }
}
