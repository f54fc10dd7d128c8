using Vern.Application;

namespace Vern.Web.Pages;

/// <summary>Where a documentation search hit is shown: a note's page, a decision's page (its reasoned document), or the row of a
/// participation record or an assessment on the case's documentation page. Used by the search page and the API.</summary>
public static class DocumentationLinks
{
    public static string Path(SearchHit hit) => hit.Kind switch
    {
        SearchHitKind.Note => $"/saker/{hit.CaseId}/notater/{hit.Id}",
        SearchHitKind.DecisionDocument => $"/saker/{hit.CaseId}/vedtak/{hit.DecisionId}",
        SearchHitKind.Participation => $"/saker/{hit.CaseId}/dokumentasjon#medvirkning-{hit.Id}",
        SearchHitKind.Assessment => $"/saker/{hit.CaseId}/dokumentasjon#vurdering-{hit.Id}",
        _ => throw new ArgumentOutOfRangeException(nameof(hit), hit.Kind, "Treffets type har ingen side ennå."),
    };
}
