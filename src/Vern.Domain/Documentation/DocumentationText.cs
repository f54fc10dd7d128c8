using Vern.Domain.Validation;

namespace Vern.Domain.Documentation;

/// <summary>Checks on the free text of the case documentation: plain text with paragraphs (line breaks and tabs allowed),
/// no invisible control or format characters, and a length limit.</summary>
public static class DocumentationText
{
    /// <summary>The longest text one field may hold (characters). A journal note of 100,000 characters is about 40 pages.</summary>
    public const int MaxLength = 100_000;

    /// <summary>Adds issues for a text field: required (when <paramref name="requiredSource"/> is given), too long, control characters.</summary>
    public static void Check(List<ValidationIssue> issues, string field, string? text, string? requiredSource)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (requiredSource is not null)
                issues.Add(DocumentationRules.Issue(DocumentationCodes.TextRequired, field, ("source", requiredSource)));
            return;
        }
        if (text.Length > MaxLength)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.TextTooLong, field, ("max", MaxLength)));
        foreach (var ch in text)
        {
            if (ch is '\n' or '\r' or '\t')
                continue;
            var category = char.GetUnicodeCategory(ch);
            if (category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format)
            {
                issues.Add(DocumentationRules.Issue(DocumentationCodes.ControlCharacter, field, ("codepoint", ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))));
                return;
            }
        }
    }

    /// <summary>Adds issues for a documented date: not after today, not before the case was opened.</summary>
    public static void CheckDate(List<ValidationIssue> issues, string field, DateOnly date, DateOnly today, DateOnly caseOpened)
    {
        if (date > today)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.FutureDate, field, ("date", date), ("today", today)));
        if (date < caseOpened)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.BeforeCaseStart, field, ("date", date), ("caseStart", caseOpened)));
    }

    /// <summary>Adds an issue when a link names an entry the case does not have (of that kind).</summary>
    public static void CheckLink(List<ValidationIssue> issues, string field, EntryLink? link, Cases.CaseState state)
    {
        if (link is null)
            return;
        var found = link.Kind switch
        {
            Cases.EntryKind.Melding => state.FindReport(link.Id) is not null,
            Cases.EntryKind.Undersokelse => state.FindInvestigation(link.Id) is not null,
            Cases.EntryKind.Vedtak => state.FindDecision(link.Id) is not null,
            Cases.EntryKind.Tiltak => state.FindMeasure(link.Id) is not null,
            Cases.EntryKind.Plan => state.FindPlan(link.Id) is not null,
            Cases.EntryKind.Ettervern => state.FindAftercare(link.Id) is not null,
            Cases.EntryKind.OversendelseFylkesnemnd => state.FindCountyBoardReferral(link.Id) is not null,
            _ => state.HasEntry(link.Id),
        };
        if (!found)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.EntryUnknown, field, ("kind", EntryLink.Norwegian(link.Kind)), ("id", link.Id)));
    }
}

/// <summary>The entry of the case a piece of documentation belongs to (a report, investigation, decision, measure, plan …).</summary>
public sealed record EntryLink(Cases.EntryKind Kind, Cases.EntryId Id)
{
    /// <summary>Parses "vedtak:UUID", "melding:UUID", "undersokelse:UUID", "tiltak:UUID", "plan:UUID".</summary>
    public static EntryLink Parse(string text)
    {
        var parts = text.Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id))
            throw new ArgumentException($"--entry: «{text}» må ha formen TYPE:ID, f.eks. vedtak:0f8fad5b-d9cb-469f-a165-70867728950e.");
        var kind = parts[0].ToLowerInvariant() switch
        {
            "melding" or "report" => Cases.EntryKind.Melding,
            "undersokelse" or "undersøkelse" or "investigation" => Cases.EntryKind.Undersokelse,
            "vedtak" or "decision" => Cases.EntryKind.Vedtak,
            "tiltak" or "measure" => Cases.EntryKind.Tiltak,
            "plan" => Cases.EntryKind.Plan,
            "ettervern" or "aftercare" => Cases.EntryKind.Ettervern,
            _ => throw new ArgumentException($"--entry: «{parts[0]}» er ikke en registreringstype (melding, undersokelse, vedtak, tiltak, plan, ettervern)."),
        };
        return new EntryLink(kind, new Cases.EntryId(id));
    }

    public static string Norwegian(Cases.EntryKind kind) => kind switch
    {
        Cases.EntryKind.Melding => "meldingen",
        Cases.EntryKind.Undersokelse => "undersøkelsen",
        Cases.EntryKind.Vedtak => "vedtaket",
        Cases.EntryKind.Tiltak => "tiltaket",
        Cases.EntryKind.Plan => "planen",
        Cases.EntryKind.Ettervern => "ettervernet",
        _ => "registreringen",
    };

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
