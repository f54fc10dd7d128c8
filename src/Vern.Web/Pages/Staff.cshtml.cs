using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Vern.Application;
using Vern.Deadlines.Staff;
using Vern.Domain.Validation;
using Vern.Storage;
using Vern.Web.Pages.Cases;
using Vern.Web.Security;

namespace Vern.Web.Pages;

/// <summary>Ansattregisteret in the browser, for the leader and the administrator (the operation «Ansattregister»): the service's
/// staff with position, education, experience, årsverk and whether each meets the competence requirement (barnevernsloven
/// § 15-6), and a form that adds an employee or changes one (by user name), including their last day when they leave (the row is kept,
/// and the dashboard then counts no årsverk for them and asks for their cases to be given to someone else). The dashboard's caseload per årsverk and its
/// competence warnings read this registry. A refused form shows each broken rule at its field (<see cref="StaffRules"/>), and
/// nothing is stored. No case data is shown here, so no read is logged.</summary>
public sealed class StaffModel(VernApp vern, CurrentUser current) : VernPageModel(vern, current)
{
    /// <summary>The form's fields, named as <see cref="StaffRules"/> names them, and their labels.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["id"] = "Brukernavn", ["name"] = "Navn", ["position"] = "Stilling", ["education"] = "Utdanning",
        ["yearsInChildWelfare"] = "År med erfaring fra barnevernet", ["furtherEducationCredits"] = "Studiepoeng relevant videreutdanning",
        ["fullTimeEquivalent"] = "Årsverk", ["leftOn"] = "Siste arbeidsdag",
    };

    public static readonly IReadOnlyList<(string Value, string Text)> Educations =
        [.. Enum.GetValues<Education>().Select(e => (e.ToString(), Capital(CompetenceRequirement.Label(e))))];

    public DocForm Form { get; } = new("ansatt", Labels);

    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];

    /// <summary>The service's today (the app's clock), against which an employee's last day reads «slutter» or «sluttet».</summary>
    public DateOnly Today => Vern.Today;

    /// <summary>Whom the form changes: an employee already in the registry (the id is then fixed), else null (a new one).</summary>
    public StaffMember? Editing { get; private set; }

    /// <summary>The history of the employee being changed (who stored what, when; migration 34), oldest first.</summary>
    public IReadOnlyList<StaffChange> History { get; private set; } = [];

    /// <summary>User id → name, for who made each change.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>What one entry of the history changed against the one before it, in the form's words («Årsverk: 0,6 → 0,8»); the first
    /// entry is «Lagt inn».</summary>
    public static string Describe(StaffMember? before, StaffMember after)
    {
        if (before is null)
            return "Lagt inn";
        static string Day(DateOnly? d) => d is { } x ? Display.Date(x) : "–";
        var changes = new List<string>();
        void Field(string field, string from, string to)
        {
            if (from != to)
                changes.Add($"{Labels[field]}: {from} → {to}");
        }
        Field("name", before.Name, after.Name);
        Field("position", before.Position, after.Position);
        Field("education", CompetenceRequirement.Label(before.Education), CompetenceRequirement.Label(after.Education));
        Field("yearsInChildWelfare", Number(before.YearsInChildWelfare), Number(after.YearsInChildWelfare));
        Field("furtherEducationCredits", Number(before.FurtherEducationCredits), Number(after.FurtherEducationCredits));
        Field("fullTimeEquivalent", Display.Decimal(before.FullTimeEquivalent), Display.Decimal(after.FullTimeEquivalent));
        Field("leftOn", Day(before.LeftOn), Day(after.LeftOn));
        return changes.Count == 0 ? "Lagret uten endringer" : string.Join("; ", changes);
    }

    /// <summary>The user name just stored (after a redirect), for the confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "lagret")]
    public string? Saved { get; set; }

    /// <summary>The registry and the form; <paramref name="id"/> opens an employee for change, or — from the dashboard's warning
    /// about a caseworker not in the registry — starts a new one with that user name and <paramref name="navn"/>.</summary>
    public Task<IActionResult> OnGetAsync(string? id, string? navn) => Act(async () =>
    {
        await LoadAsync();
        Editing = Staff.FirstOrDefault(s => s.Id == id);
        await LoadHistoryAsync();
        Form.Values = Editing is { } e
            ? new Dictionary<string, string[]>
            {
                ["id"] = [e.Id], ["name"] = [e.Name], ["position"] = [e.Position], ["education"] = [e.Education.ToString()],
                ["yearsInChildWelfare"] = [Number(e.YearsInChildWelfare)], ["furtherEducationCredits"] = [Number(e.FurtherEducationCredits)],
                ["fullTimeEquivalent"] = [Display.Decimal(e.FullTimeEquivalent)], ["leftOn"] = [e.LeftOn is { } l ? Display.Date(l) : ""],
            }
            : new Dictionary<string, string[]>
            {
                ["id"] = [id ?? ""], ["name"] = [navn ?? ""], ["position"] = ["saksbehandler"], ["education"] = [nameof(Education.RelevantBachelor)],
                ["yearsInChildWelfare"] = ["0"], ["furtherEducationCredits"] = ["0"], ["fullTimeEquivalent"] = ["1"],
            };
        return Page();
    });

    public Task<IActionResult> OnPostAsync() => Act(() => Form.PostAsync(this, null, null, Build,
        async member =>
        {
            await Vern.SaveStaffMemberAsync(Actor, member);
            return "/ansatte?lagret=" + Uri.EscapeDataString(member.Id) + "#ansatte";
        },
        async () =>
        {
            await LoadAsync();
            Editing = Staff.FirstOrDefault(s => s.Id == Form.Value("id").Trim());
            await LoadHistoryAsync();
        }));

    private async Task LoadHistoryAsync()
    {
        if (Editing is null)
            return;
        History = await Vern.StaffHistoryAsync(Actor, Editing.Id);
        Names = await Vern.StaffNamesAsync(Actor);
    }

    /// <summary>The employee as typed, in the actor's own municipality; a number or an education that cannot be read is a broken rule at
    /// its field.</summary>
    private StaffMember? Build(DocPost post)
    {
        var years = Integer(post, "yearsInChildWelfare");
        var credits = Integer(post, "furtherEducationCredits");
        var fte = Fraction(post, "fullTimeEquivalent");
        var leftOn = post.Value("leftOn").Trim() is { Length: > 0 } left ? DocForm.ParseDate(left, "leftOn", post.Issues) : null;
        var education = StaffRules.EducationNamed(post.Value("education"));
        if (education is null)
            post.Issues.Add(new ValidationIssue("vern.web.valg", Severity.Error, "education", "education må velges fra listen.", "Vern"));
        // The registry's own rules (StaffRules) are the application layer's to refuse, each at its field.
        return post.Issues.Count > 0 ? null
            : new StaffMember(post.Value("id").Trim(), Actor.MunicipalityNumber ?? "", post.Value("name").Trim(), post.Value("position").Trim(),
                education!.Value, years!.Value, credits!.Value, fte!.Value, leftOn);
    }

    private static int? Integer(DocPost post, string field)
    {
        var text = post.Value(field).Trim();
        if (int.TryParse(text.Length == 0 ? "0" : text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            return n;
        post.Issues.Add(new ValidationIssue("vern.web.tall", Severity.Error, field, $"{field}: «{text}» er ikke et helt tall.", "Vern"));
        return null;
    }

    /// <summary>A decimal typed as Norwegians do (0,8) or with a point (0.8).</summary>
    private static double? Fraction(DocPost post, string field)
    {
        var text = post.Value(field).Trim().Replace(',', '.');
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return d;
        post.Issues.Add(new ValidationIssue("vern.web.tall", Severity.Error, field, $"{field}: «{post.Value(field).Trim()}» er ikke et tall (f.eks. 0,8).", "Vern"));
        return null;
    }

    /// <summary>The registry by name (ordinal: the server runs without ICU, so Å sorts before Æ and Ø).</summary>
    private async Task LoadAsync() => Staff = [.. (await Vern.ListStaffAsync(Actor, null)).OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)];

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
