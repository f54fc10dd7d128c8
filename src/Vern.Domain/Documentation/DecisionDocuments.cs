using Vern.Domain.Cases;
using Vern.Domain.Validation;

namespace Vern.Domain.Documentation;

/// <summary>The reasons of a decision (begrunnelse, forvaltningsloven §§ 24–25): the rules it rests on, the facts, the
/// assessment (the main considerations), the child's views, and the conclusion (what is decided).</summary>
public sealed record DecisionReasons(string LegalBasis, string Facts, string Assessment, string ChildViews, string Conclusion)
{
    public static readonly DecisionReasons Empty = new("", "", "", "", "");
}

/// <summary>Draft (utkast) or finalised (ferdigstilt: the decision is made and its document is sent to the parties).</summary>
public enum DecisionDocumentStatus
{
    Draft,
    Finalised,
}

/// <summary>One stored version of a reasoned decision document (vedtaksdokument) for a decision (Vedtak) of the case.
/// Versions are only added; the finalised one is the decision as made.</summary>
public sealed record DecisionDocumentVersion(
    Guid DocumentId,
    CaseId CaseId,
    EntryId DecisionId,
    int Version,
    DecisionDocumentStatus Status,
    string TemplateCode,
    DecisionReasons Reasons,
    string AuthorId,
    DateTimeOffset RecordedAt);

/// <summary>A decision document with its history.</summary>
public sealed record DecisionDocument(IReadOnlyList<DecisionDocumentVersion> Versions)
{
    public Guid Id => Versions[0].DocumentId;

    public DecisionDocumentVersion Current => Versions[^1];

    public bool IsFinalised => Current.Status == DecisionDocumentStatus.Finalised;
}

/// <summary>Decides drafting, editing and finalising a decision document (pure). A decision cannot be finalised while any part
/// of its reasons is empty (forvaltningsloven § 24 first paragraph: an individual decision is reasoned at the same time as it
/// is made; § 25: the reasons name the rules, the facts and the main considerations).</summary>
public static class DecisionDocumentDecider
{
    public static DecisionDocumentVersion Draft(DecisionDocument? existing, CaseState state, EntryId decisionId, Guid documentId, string templateCode,
        DecisionReasons reasons, string authorId, DateTimeOffset at)
    {
        var issues = new List<ValidationIssue>();
        if (state.FindDecision(decisionId) is null)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.EntryUnknown, "decision", ("kind", "vedtaket"), ("id", decisionId)));
        if (DecisionTemplates.Find(templateCode) is null)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.TemplateUnknown, "template", ("value", templateCode), ("valid", string.Join(", ", DecisionTemplates.All.Select(t => t.Code)))));
        if (existing is { IsFinalised: true })
            issues.Add(DocumentationRules.Issue(DocumentationCodes.DecisionDocumentFinalised, "decision", ("id", existing.Id), ("date", DateOnly.FromDateTime(existing.Current.RecordedAt.UtcDateTime))));
        foreach (var (field, text) in Fields(reasons))
            DocumentationText.Check(issues, field, text, null);
        DocumentationRules.ThrowIfAny(issues);
        return new DecisionDocumentVersion(documentId, state.Id, decisionId, (existing?.Versions.Count ?? 0) + 1, DecisionDocumentStatus.Draft, templateCode, reasons, authorId, at);
    }

    public static DecisionDocumentVersion Finalise(DecisionDocument? existing, Guid documentId, string authorId, DateTimeOffset at)
    {
        if (existing is null)
            throw new DomainRuleException([DocumentationRules.Issue(DocumentationCodes.DecisionDocumentUnknown, "document", ("id", documentId))]);
        if (existing.IsFinalised)
            throw new DomainRuleException([DocumentationRules.Issue(DocumentationCodes.DecisionDocumentFinalised, "document", ("id", existing.Id),
                ("date", DateOnly.FromDateTime(existing.Current.RecordedAt.UtcDateTime)))]);
        var empty = Fields(existing.Current.Reasons).Where(f => string.IsNullOrWhiteSpace(f.Text)).Select(f => FieldName(f.Field)).ToList();
        if (empty.Count > 0)
            throw new DomainRuleException([DocumentationRules.Issue(DocumentationCodes.DecisionReasonsEmpty, "reasons", ("fields", string.Join(", ", empty)))]);
        return existing.Current with { Version = existing.Versions.Count + 1, Status = DecisionDocumentStatus.Finalised, AuthorId = authorId, RecordedAt = at };
    }

    private static IEnumerable<(string Field, string Text)> Fields(DecisionReasons r) =>
        [("legal-basis", r.LegalBasis), ("facts", r.Facts), ("assessment", r.Assessment), ("child-views", r.ChildViews), ("conclusion", r.Conclusion)];

    private static string FieldName(string field) => field switch
    {
        "legal-basis" => "hjemmel (--legal-basis)",
        "facts" => "faktum (--facts)",
        "assessment" => "vurdering (--assessment)",
        "child-views" => "barnets syn (--child-views)",
        _ => "konklusjon (--conclusion)",
    };
}
