using Vern.Deadlines.Engine;

namespace Vern.Deadlines.Reports;

/// <summary>Arbeidsliste: the open duties of one caseworker (or of the service's unassigned cases) in one
/// municipality, most urgent first: the most overdue at the top, then the soonest due.</summary>
/// <param name="CaseworkerId">The caseworker, or null for the service's "ikke fordelt" list.</param>
public sealed record Worklist(string MunicipalityNumber, string? CaseworkerId, IReadOnlyList<Obligation> Items)
{
    public const string UnassignedLabel = "ikke fordelt";

    public string Owner => CaseworkerId ?? UnassignedLabel;

    public int Overdue => Items.Count(i => i.Status == ObligationStatus.Overdue);
}

/// <summary>Builds worklists per caseworker and per service from open duties.</summary>
public static class Worklists
{
    /// <summary>Most urgent first: by due date, then rule, then journal number.</summary>
    public static readonly Comparison<Obligation> ByUrgency = (a, b) =>
    {
        var c = a.DueDate.CompareTo(b.DueDate);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        return c != 0 ? c : string.CompareOrdinal(a.Case.JournalNumber, b.Case.JournalNumber);
    };

    /// <summary>Groups open duties by municipality and caseworker (unassigned last), each sorted by urgency.
    /// <paramref name="caseworkerId"/> keeps one caseworker's list; "ikke fordelt" selects the unassigned list.</summary>
    public static IReadOnlyList<Worklist> Build(IEnumerable<Obligation> open, string? municipalityNumber = null, string? caseworkerId = null)
    {
        var query = open.Where(o => o.IsOpen);
        if (municipalityNumber is not null) query = query.Where(o => o.Case.MunicipalityNumber == municipalityNumber);
        if (caseworkerId is not null)
            query = caseworkerId == Worklist.UnassignedLabel ? query.Where(o => o.Responsible is null) : query.Where(o => o.Responsible == caseworkerId);
        return query
            .GroupBy(o => (o.Case.MunicipalityNumber, o.Responsible))
            .Select(g =>
            {
                var items = g.ToList();
                items.Sort(ByUrgency);
                return new Worklist(g.Key.MunicipalityNumber, g.Key.Responsible, items);
            })
            .OrderBy(w => w.MunicipalityNumber, StringComparer.Ordinal)
            .ThenBy(w => w.CaseworkerId is null)
            .ThenBy(w => w.CaseworkerId, StringComparer.Ordinal)
            .ToList();
    }
}
