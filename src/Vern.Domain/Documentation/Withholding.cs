using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Domain.Validation;

namespace Vern.Domain.Documentation;

/// <summary>Tilbakehold av barnets uttalelser: a caseworker's decision that the child's views in one participation record – all of
/// them, or one passage – are left out of one named party's access copy (partsinnsyn), on a legal ground, with the reason. An
/// append-only record with who and when; the other parties' copies are not affected.</summary>
/// <param name="Passage">The exact words withheld (a part of the views), or null for all of the child's views in the record.</param>
/// <param name="GroundCode">The legal ground: a code of <see cref="WithholdingGrounds"/>.</param>
/// <param name="Reason">Why, for the case file (never printed in the party's copy).</param>
public sealed record ViewsWithheld(
    Guid Id,
    CaseId CaseId,
    Guid ParticipationId,
    PersonId PartyId,
    string GroundCode,
    string? Passage,
    string Reason,
    string AuthorId,
    DateTimeOffset RecordedAt);

/// <summary>The legal grounds on which the child's statements may be withheld from a party, as data: each is the redaction rule the
/// access copy prints in their place (the ground, never the words).</summary>
/// <remarks>Read (not on Lovdata, which could not be reached from here): barnevernsloven (2021) § 12-6 as quoted by bvpro.no
/// («Partene kan nektes innsyn i sakens dokumenter dersom innsyn kan utsette barnet eller andre personer for fare eller skade.
/// Opplysninger som er holdt tilbake, skal på anmodning gjøres kjent for en representant for parten når ikke særlige grunner
/// taler mot det.»), and forvaltningsloven § 19 as quoted by jusinfo.no: the party has no claim to information «som det av hensyn
/// til hans helse eller hans forhold til personer som står ham nær, må anses utilrådelig at han får kjennskap til» – in the
/// quoted text that is the FIRST paragraph, letter d (the second paragraph's letter b is «andre forhold som av særlige grunner
/// ikke bør meddeles videre»), with the same proviso for a representative. See docs/innsyn.md.</remarks>
public static class WithholdingGrounds
{
    public static readonly RedactionRule DangerToChild = new(
        "barnets-uttalelser-fare",
        "Barnets uttalelser (holdt tilbake)",
        "Noe av det barnet har sagt til barnevernstjenesten, er holdt tilbake fordi innsyn kan utsette barnet eller andre for fare eller skade. Du kan be om at opplysningene gjøres kjent for en representant for deg, for eksempel en advokat; det skal gjøres hvis ikke særlige grunner taler mot det.",
        "barnevernsloven § 12-6 andre ledd");

    public static readonly RedactionRule RelationToChild = new(
        "barnets-uttalelser-forhold",
        "Barnets uttalelser (holdt tilbake)",
        "Noe av det barnet har sagt til barnevernstjenesten, er holdt tilbake fordi det av hensyn til ditt forhold til barnet må anses utilrådelig at du får kjennskap til det. Du kan be om at opplysningene gjøres kjent for en representant for deg, for eksempel en advokat; det skal gjøres hvis ikke særlige grunner taler mot det.",
        "forvaltningsloven § 19 første ledd bokstav d, jf. barnevernsloven § 12-6 første ledd");

    public static readonly IReadOnlyList<RedactionRule> All = [DangerToChild, RelationToChild];

    public static RedactionRule? Find(string code) => All.FirstOrDefault(g => g.Code == code);

    /// <summary>What the access copy looks for in every free text to leave out for the party: the withheld passage, or – when all of
    /// the record's views are withheld – the views whole and each of their sentences of two words or more (a caseworker may quote one
    /// sentence in a decision's «Barnets syn»), without the closing punctuation. Matched as whole words, case-insensitive; a
    /// paraphrase is not found, so the caseworker still reads the copy before it is handed over.</summary>
    public static IReadOnlyList<string> Passages(ViewsWithheld w, ParticipationRecord record)
    {
        if (w.Passage is { } passage)
            return [passage];
        var views = record.ChildViews ?? "";
        var sentences = System.Text.RegularExpressions.Regex.Split(views, @"(?<=[.!?…])\s+|[\r\n]+", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
            .Select(x => x.Trim().TrimEnd('.', '!', '?', '…').Trim('«', '»', '"', ' '))
            .Where(x => x.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2);
        return [views, .. sentences];
    }

    /// <summary>Checks a withholding against its participation record and the case's persons (pure): the record has views, the
    /// passage (if any) is in them word for word, the ground is known, the party is a person of the case, the reason is written.</summary>
    public static IReadOnlyList<ValidationIssue> Validate(ViewsWithheld w, ParticipationRecord record, IReadOnlyCollection<PersonId> persons)
    {
        var issues = new List<ValidationIssue>();
        if (string.IsNullOrWhiteSpace(record.ChildViews))
            issues.Add(DocumentationRules.Issue(DocumentationCodes.WithholdingNoViews, "record", ("id", record.Id)));
        else if (w.Passage is { } passage && (string.IsNullOrWhiteSpace(passage) || !record.ChildViews.Contains(passage.Trim(), StringComparison.OrdinalIgnoreCase)))
            issues.Add(DocumentationRules.Issue(DocumentationCodes.WithholdingPassageNotFound, "part"));
        if (Find(w.GroundCode) is null)
            issues.Add(DocumentationRules.Issue(DocumentationCodes.WithholdingGroundUnknown, "ground", ("value", w.GroundCode), ("valid", string.Join(", ", All.Select(g => g.Code)))));
        if (!persons.Contains(w.PartyId))
            issues.Add(DocumentationRules.Issue(DocumentationCodes.WithholdingPartyUnknown, "party", ("value", w.PartyId)));
        DocumentationText.Check(issues, "reason", w.Reason, "forvaltningsloven § 11 d (opplysninger av betydning skal nedtegnes)");
        return issues;
    }
}
