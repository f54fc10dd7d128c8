using Vern.Domain.Cases;
using Vern.Domain.Law;

namespace Vern.Domain.Parties;

/// <summary>A piece of text in an access copy: either shown, or left out with the rule that left it out. The text of a
/// redacted piece is never kept in the copy (so no renderer can print it by mistake).</summary>
public sealed record TextPiece(string Text, RedactionRule? Redacted = null)
{
    public static TextPiece Hidden(RedactionRule rule) => new("", rule);
}

/// <summary>A text of the copy as pieces (most texts are one shown piece).</summary>
public sealed record CopyText(IReadOnlyList<TextPiece> Pieces)
{
    public static CopyText Plain(string text) => new([new TextPiece(text)]);

    public static CopyText Hidden(RedactionRule rule) => new([TextPiece.Hidden(rule)]);

    /// <summary>The text as shown, with each redaction as «[label]».</summary>
    public override string ToString() => string.Concat(Pieces.Select(p => p.Redacted is null ? p.Text : $"[{p.Redacted.Label}]"));
}

/// <summary>A person as the copy shows them: each field either shown or redacted.</summary>
public sealed record CopyPerson(string Role, CopyText Name, CopyText? Identifier, CopyText? Address, string PartyStatus, bool IsRecipient);

/// <summary>One line of the case's timeline in plain words.</summary>
public sealed record CopyEvent(DateOnly On, CopyText What);

/// <summary>A decision with its legal basis and, where a reasoned decision document is finalised, its text.</summary>
public sealed record CopyDecision(DateOnly DecidedOn, LegalBasis LegalBasis, string Status, IReadOnlyList<CopySection> Sections);

/// <summary>One section of a decision document (hjemmel, faktiske forhold, vurdering, barnets syn, vedtak).</summary>
public sealed record CopySection(string Heading, CopyText Text);

/// <summary>A piece of the case's documentation in the copy (a finalised journal note with its addenda, a participation record,
/// an assessment), each section's text with the same redactions as the rest of the copy.</summary>
public sealed record CopyDocument(DateOnly On, string Title, IReadOnlyList<CopySection> Sections);

/// <summary>A document of the case left out of the copy as a whole (an internal discussion note), with the rule.</summary>
public sealed record CopyWithheld(DateOnly On, string What, RedactionRule Rule);

/// <summary>How many times a rule was applied in the copy.</summary>
public sealed record AppliedRedaction(RedactionRule Rule, int Count);

/// <summary>Partsinnsyn: a party's access copy of a case — who the case names, the timeline and the decisions, with what
/// the party may not see left out and each redaction's reason and legal basis. Built by the application layer
/// (which decides the redactions), rendered by Vern.Documentation.</summary>
/// <param name="MadeBy">The service and role of the person who made the copy (never a name).</param>
public sealed record InnsynCopy(
    CaseId CaseId,
    string MunicipalityNumber,
    string JournalNumber,
    DateOnly MadeOn,
    string MadeBy,
    CopyPerson Recipient,
    PartyStatus RecipientStatus,
    IReadOnlyList<CopyPerson> Persons,
    IReadOnlyList<CopyEvent> Timeline,
    IReadOnlyList<CopyDecision> Decisions,
    IReadOnlyList<AppliedRedaction> Redactions,
    IReadOnlyList<CopyDocument>? Documentation = null,
    IReadOnlyList<CopyWithheld>? Withheld = null);

/// <summary>One read or change of the case, as a party sees it: when, what (in plain words), by which role in which
/// service, the person's name only where the service's setting says so, and the purpose given.</summary>
/// <param name="Kind">«lest», «endret» or «forsøk avvist».</param>
public sealed record AccessLine(DateTimeOffset At, string Kind, string What, string Role, string Service, string? Name, string Purpose);

/// <summary>«Hvem har sett saken min»: every read and change of the case for a party to take home.</summary>
/// <param name="NamesShown">Whether the service shows staff names to parties (its setting; default off).</param>
public sealed record PartyAccessReport(
    CaseId CaseId,
    string MunicipalityNumber,
    string JournalNumber,
    DateOnly MadeOn,
    string? RecipientName,
    bool NamesShown,
    IReadOnlyList<AccessLine> Lines);
