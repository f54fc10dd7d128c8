using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Web.Forms;
using Vern.Web.Security;

namespace Vern.Web.Pages.Cases;

/// <summary>Opens a new case in the actor's service (the child's personalia and the journal number); the report of concern is
/// then registered on the case page.</summary>
public sealed class NewModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    public IReadOnlyList<ValidationIssue> Issues { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Values { get; private set; } = new Dictionary<string, string[]>();

    public DateOnly Today { get; private set; }

    public static readonly IReadOnlyList<FormField> Fields =
    [
        new("journalNumber", "Journalnummer", FieldKind.Text),
        new("openedOn", "Sakens startdato", FieldKind.Date),
        new("child.identifier", "Barnets fødselsnummer eller D-nummer", FieldKind.Text, Required: false, Hint: "11 siffer. Kan stå tomt når fødselsdato oppgis."),
        new("child.birthDate", "Fødselsdato", FieldKind.Date, Required: false, Hint: "Når fødselsnummer mangler."),
        new("child.sex", "Kjønn", FieldKind.Choice, Choices: [(nameof(Sex.Female), "Jente"), (nameof(Sex.Male), "Gutt"), (nameof(Sex.Unborn), "Ufødt")]),
        new("child.givenName", "Fornavn", FieldKind.Text, Required: false),
        new("child.familyName", "Etternavn", FieldKind.Text, Required: false),
    ];

    /// <summary>The fields' names and labels, for the broken rules' messages (<see cref="FieldText.Plain"/>).</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> Labels = [.. Fields.Select(f => (f.Name, f.Label))];

    public Task<IActionResult> OnGetAsync() => Act(() =>
    {
        Today = Vern.Today;
        return Task.FromResult<IActionResult>(Page());
    });

    public Task<IActionResult> OnPostAsync() => Act(async () =>
    {
        Today = Vern.Today;
        Values = Request.Form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray());
        var f = new FormInput(Values);
        var birth = f.Text("child.birthDate") is null ? (DateOnly?)null : f.Date("child.birthDate");
        var command = new OpenCase(Actor.MunicipalityNumber ?? "", f.RequiredText("journalNumber"), f.Date("openedOn"),
            new ChildInput(f.Text("child.identifier"), birth, Enum.TryParse<Sex>(f.Text("child.sex"), out var sex) ? sex : Sex.Female,
                null, f.Text("child.givenName"), f.Text("child.familyName")));
        if (f.Issues.Count > 0)
            return Refuse(f.Issues);
        try
        {
            var change = await Vern.OpenCaseAsync(Actor, command);
            return Redirect($"/saker/{change.State.Id}");
        }
        catch (DomainRuleException e)
        {
            return Refuse(e.Issues);
        }
    });

    private PageResult Refuse(IReadOnlyList<ValidationIssue> issues)
    {
        Issues = issues;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public static string FieldId(FormField f) => "f-" + f.Name.Replace('.', '-');

    public IEnumerable<ValidationIssue> IssuesFor(FormField f) =>
        Issues.Where(i => i.Path == f.Name || i.Path.StartsWith(f.Name + " ", StringComparison.Ordinal)
            || (f.Name == "child.identifier" && i.Path is "child" or "child.identifier" or "identifier"));

    public string Value(string name) => Values.TryGetValue(name, out var v) && v.Length > 0 ? v[0] : "";
}
