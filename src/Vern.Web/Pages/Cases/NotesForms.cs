using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;
using Vern.Web.Forms;

namespace Vern.Web.Pages.Cases;

/// <summary>A documentation form's state between a refused post and the page that shows it again: the values as typed, the broken
/// rules, and the labels of the form's fields (a rule whose field is on the form is shown at that field, with its source; the
/// others above the form). Nothing is stored when a form is refused.</summary>
public sealed class DocForm(string name, IReadOnlyDictionary<string, string> labels)
{
    /// <summary>Which form on the page (a note page has several).</summary>
    public string Name => name;

    public IReadOnlyDictionary<string, string> Labels => labels;

    public IReadOnlyDictionary<string, string[]> Values { get; set; } = new Dictionary<string, string[]>();

    public IReadOnlyList<ValidationIssue> Issues { get; set; } = [];

    public string Value(string field) => Values.TryGetValue(field, out var v) && v.Length > 0 ? v[0] : "";

    public IEnumerable<ValidationIssue> IssuesFor(string field) => Issues.Where(i => i.Path == field);

    /// <summary>Rules broken outside any one field of the form.</summary>
    public IEnumerable<ValidationIssue> Unplaced => Issues.Where(i => !labels.ContainsKey(i.Path));

    public string Id(string field) => $"{name}-{field}";

    /// <summary>The rule's message with the form's internal field names replaced by their labels ("text må fylles ut" → "Tekst må
    /// fylles ut").</summary>
    public string Message(ValidationIssue issue) => FieldText.Plain(issue.Message, labels.Select(l => (l.Key, l.Value)));

    /// <summary>The skeleton every documentation form post shares: the posted values kept for showing again; the date and the
    /// entry (when the form has them) parsed into broken rules at their fields; the page's own command built from the rest
    /// (<paramref name="build"/> may add its own broken rules and return null) and sent only when nothing is broken; then a
    /// redirect to where <paramref name="send"/> says, or — for any broken rule, the domain's included — the page shown again
    /// (<paramref name="reshow"/> loads what it shows) with 422, and nothing stored.</summary>
    public async Task<IActionResult> PostAsync<T>(PageModel page, string? dateField, string? entryField,
        Func<DocPost, T?> build, Func<T, Task<string>> send, Func<Task> reshow) where T : class
    {
        Values = page.Request.Form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        var issues = new List<ValidationIssue>();
        var post = new DocPost(this, dateField is null ? null : ParseDate(Value(dateField), dateField, issues),
            entryField is null ? null : ParseEntry(Value(entryField), entryField, issues), issues);
        var command = build(post);
        if (command is not null && issues.Count == 0)
        {
            try
            {
                return new RedirectResult(await send(command));
            }
            catch (DomainRuleException e)
            {
                issues.AddRange(e.Issues);
            }
        }
        Issues = issues;
        await reshow();
        page.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return page.Page();
    }

    /// <summary>A date typed as dd.mm.åååå (or åååå-mm-dd); a missing or unreadable date is a broken rule at its field.</summary>
    public static DateOnly? ParseDate(string? text, string field, List<ValidationIssue> issues)
    {
        var t = text?.Trim() ?? "";
        if (DateOnly.TryParseExact(t, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
            return d;
        issues.Add(new ValidationIssue("vern.web.date", Severity.Error, field,
            t.Length == 0 ? $"{field} må fylles ut (dd.mm.åååå)." : $"{field}: «{t}» er ikke en dato på formen dd.mm.åååå.", "Vern: datoer skrives dd.mm.åååå"));
        return null;
    }

    /// <summary>The entry a piece of documentation belongs to, from a select's "kind:id" value (empty: none).</summary>
    public static EntryLink? ParseEntry(string? text, string field, List<ValidationIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return EntryLink.Parse(text.Trim());
        }
        catch (ArgumentException e)
        {
            issues.Add(new ValidationIssue("vern.web.entry", Severity.Error, field, e.Message, "Vern"));
            return null;
        }
    }

    /// <summary>The entries of the case a note, a participation record or an assessment can belong to, newest first.</summary>
    public static IReadOnlyList<(string Value, string Text)> EntryOptions(CaseState s) =>
    [
        .. s.Decisions.AsEnumerable().Reverse().Select(d => ($"vedtak:{d.Id}", $"Vedtak {Display.Date(d.DecidedOn)} etter {Vern.Domain.Law.LegalCitation.Words(d.LegalBasis)}")),
        .. s.Investigations.AsEnumerable().Reverse().Select(i => ($"undersokelse:{i.Id}", $"Undersøkelse startet {Display.Date(i.StartedOn)}")),
        .. s.Reports.AsEnumerable().Reverse().Select(r => ($"melding:{r.Id}", $"Melding mottatt {Display.Date(r.ReceivedOn)}")),
        .. s.Measures.AsEnumerable().Reverse().Select(m => ($"tiltak:{m.Id}", $"Tiltak fra {Display.Date(m.StartedOn)}")),
        .. s.Plans.AsEnumerable().Reverse().Select(p => ($"plan:{p.Id}", $"Plan fra {Display.Date(p.StartedOn)}")),
    ];

    /// <summary>Words for the entry a piece of documentation belongs to.</summary>
    public static string Describe(EntryLink? link, CaseState s) =>
        link is null ? "–" : EntryOptions(s).FirstOrDefault(o => o.Value.EndsWith(link.Id.ToString(), StringComparison.Ordinal)).Text ?? EntryLink.Norwegian(link.Kind);

    public static string NoteType(string code) => NoteTypes.Find(code)?.Name ?? code;

    public static string Kind(NoteVersionKind kind) => kind switch
    {
        NoteVersionKind.Draft => "Utkast",
        NoteVersionKind.Finalised => "Ferdigstilt",
        NoteVersionKind.Addendum => "Tillegg",
        _ => "Rettet versjon",
    };

    /// <summary>The text's paragraphs (a blank line between them), for showing plain text as paragraphs.</summary>
    public static IEnumerable<string> Paragraphs(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"?formaal=…" for links an auditor follows (the purpose carried to the next read), else "".</summary>
    public static string PurposeQuery(string? purpose, char first = '?') =>
        string.IsNullOrWhiteSpace(purpose) ? "" : first + "formaal=" + Uri.EscapeDataString(purpose);
}

/// <summary>A documentation form as posted: the form (its values), the parsed date and entry (null when absent or broken), and
/// the broken rules so far, to which a page adds its own.</summary>
public sealed record DocPost(DocForm Form, DateOnly? Date, EntryLink? Entry, List<ValidationIssue> Issues)
{
    public string Value(string field) => Form.Value(field);
}

/// <summary>One field of a documentation form, for the <c>NotesField</c> partial.</summary>
/// <param name="Kind">"text", "textarea", "date" or "select".</param>
public sealed record DocField(DocForm Form, string Name, string Kind, string? Hint = null, bool Required = true,
    IReadOnlyList<(string Value, string Text)>? Options = null, string? Value = null)
{
    public string Label => Form.Labels[Name];
}
