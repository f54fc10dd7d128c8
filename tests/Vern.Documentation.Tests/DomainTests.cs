using System.Collections.Immutable;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;

namespace Vern.Documentation.Tests;

/// <summary>The documentation rules, pure: notes are versioned, never changed once finalised; decisions need reasons; the
/// child's participation is structured and its absence flagged.</summary>
public sealed class DomainTests
{
    private static readonly DateTimeOffset At = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Forvaltningsloven § 11 d: what matters is written down; a finalised journal note is the record and cannot be
    /// changed – only an addendum or a corrected version is added, and every version is kept.</summary>
    [Fact]
    public void Finalised_note_cannot_be_changed_only_versioned()
    {
        var (state, _) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var id = new NoteId(Guid.NewGuid());
        var versions = new List<NoteVersion>();
        void Do(NoteCommand c) => versions.Add(NoteDecider.Decide(versions.Count == 0 ? null : new JournalNote([.. versions]), c, state, id, "sb-a", TestCases.Today, At));

        Do(new WriteNote(new DateOnly(2024, 5, 20), "hjemmebesok", "Besøk hjemme hos familien. Mor var til stede."));
        Do(new EditDraft(new DateOnly(2024, 5, 20), "hjemmebesok", "Besøk hjemme hos familien. Mor og far var til stede."));
        Do(new FinaliseNote());

        var finalised = new JournalNote([.. versions]);
        var edit = Assert.Throws<DomainRuleException>(() => NoteDecider.Decide(finalised, new EditDraft(new DateOnly(2024, 5, 20), "hjemmebesok", "Endret i ettertid"), state, id, "sb-a", TestCases.Today, At));
        Assert.Equal(DocumentationCodes.NoteFinalised, Assert.Single(edit.Issues).Code);
        Assert.Throws<DomainRuleException>(() => NoteDecider.Decide(finalised, new FinaliseNote(), state, id, "sb-a", TestCases.Today, At));

        Do(new AddAddendum("Tillegg: far ringte dagen etter og bekreftet avtalen."));
        Do(new CorrectNote("Besøk hjemme hos familien. Mor, far og mormor var til stede.", "Mormor var også til stede; utelatt ved en feil."));

        var note = new JournalNote([.. versions]);
        Assert.Equal([NoteVersionKind.Draft, NoteVersionKind.Draft, NoteVersionKind.Finalised, NoteVersionKind.Addendum, NoteVersionKind.Correction],
            note.Versions.Select(v => v.Kind));
        Assert.Equal("Besøk hjemme hos familien. Mor og far var til stede.", note.FinalisedVersion!.Text);
        Assert.Contains("mormor", note.Current.Text, StringComparison.Ordinal);
        Assert.Equal("Besøk hjemme hos familien. Mor var til stede.", note.Versions[0].Text);
        Assert.Contains("far ringte", note.SearchText, StringComparison.Ordinal);
    }

    [Fact]
    public void Addendum_and_correction_need_a_finalised_note_and_a_correction_needs_a_reason()
    {
        var (state, _) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var id = new NoteId(Guid.NewGuid());
        var draft = NoteDecider.Decide(null, new WriteNote(new DateOnly(2024, 5, 20), "telefon", "Telefon fra skolen."), state, id, "sb-a", TestCases.Today, At);
        var e = Assert.Throws<DomainRuleException>(() => NoteDecider.Decide(new JournalNote([draft]), new AddAddendum("x"), state, id, "sb-a", TestCases.Today, At));
        Assert.Equal(DocumentationCodes.NoteNotFinalised, e.Issues[0].Code);
        var fin = NoteDecider.Decide(new JournalNote([draft]), new FinaliseNote(), state, id, "sb-a", TestCases.Today, At);
        var noReason = Assert.Throws<DomainRuleException>(() => NoteDecider.Decide(new JournalNote([draft, fin]), new CorrectNote("Ny tekst", " "), state, id, "sb-a", TestCases.Today, At));
        Assert.Equal("reason", Assert.Single(noReason.Issues).Path);
    }

    [Fact]
    public void Note_input_is_checked_field_by_field()
    {
        var (state, decision) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var e = Assert.Throws<DomainRuleException>(() => NoteDecider.Decide(null,
            new WriteNote(new DateOnly(2024, 7, 1), "kaffeprat", "Tekst med\u0007bjelle", new EntryLink(EntryKind.Tiltak, decision)), state, new NoteId(Guid.NewGuid()), "sb-a", TestCases.Today, At));
        Assert.Equal(
            [DocumentationCodes.NoteTypeUnknown, DocumentationCodes.FutureDate, DocumentationCodes.ControlCharacter, DocumentationCodes.EntryUnknown],
            e.Issues.Select(i => i.Code));
        Assert.All(e.Issues, i => Assert.False(string.IsNullOrWhiteSpace(i.Source)));
        // The decision is a Vedtak, not a Tiltak; linked as a Vedtak it is found.
        NoteDecider.Decide(null, new WriteNote(new DateOnly(2024, 5, 20), "intern-drofting", "Drøftet vedtaket.", new EntryLink(EntryKind.Vedtak, decision)),
            state, new NoteId(Guid.NewGuid()), "sb-a", TestCases.Today, At);
    }

    /// <summary>Forvaltningsloven § 24 første ledd and § 25: an individual decision is reasoned when it is made – the rules, the
    /// facts and the main considerations. A decision document with an empty part cannot be finalised.</summary>
    [Fact]
    public void Decision_without_reasons_cannot_be_finalised()
    {
        var (state, decision) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var docId = Guid.NewGuid();
        var draft = DecisionDocumentDecider.Draft(null, state, decision, docId, "barnevernstjenesten-vedtak",
            DecisionReasons.Empty with { LegalBasis = "barnevernsloven § 3-1", Conclusion = "Familien får tilbud om hjelpetiltak." }, "sb-a", At);

        var e = Assert.Throws<DomainRuleException>(() => DecisionDocumentDecider.Finalise(new DecisionDocument([draft]), docId, "leder-a", At));
        var issue = Assert.Single(e.Issues);
        Assert.Equal(DocumentationCodes.DecisionReasonsEmpty, issue.Code);
        Assert.Contains("faktum", issue.Message, StringComparison.Ordinal);
        Assert.Contains("vurdering", issue.Message, StringComparison.Ordinal);
        Assert.Contains("barnets syn", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("konklusjon", issue.Message, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 24", issue.Source, StringComparison.Ordinal);

        var full = DecisionDocumentDecider.Draft(new DecisionDocument([draft]), state, decision, docId, "barnevernstjenesten-vedtak",
            new DecisionReasons("barnevernsloven § 3-1", "Skolen meldte bekymring.", "Hjelpetiltak er til barnets beste.", "Ola vil ha hjelp med lekser.", "Familien får hjelpetiltak."), "sb-a", At);
        var doc = new DecisionDocument([draft, full]);
        var fin = DecisionDocumentDecider.Finalise(doc, docId, "leder-a", At);
        Assert.Equal(DecisionDocumentStatus.Finalised, fin.Status);
        Assert.Equal(3, fin.Version);
        var again = Assert.Throws<DomainRuleException>(() => DecisionDocumentDecider.Draft(new DecisionDocument([draft, full, fin]), state, decision, docId,
            "barnevernstjenesten-vedtak", full.Reasons, "sb-a", At));
        Assert.Equal(DocumentationCodes.DecisionDocumentFinalised, Assert.Single(again.Issues).Code);
    }

    /// <summary>Barnevernsloven § 1-4 (every child able to form views takes part; views weighed by age and maturity), with 7
    /// years as the flag's threshold (the 1992 Act's § 6-3 first paragraph): a decision for a child of 7 or older with no
    /// documented participation is flagged; a younger child's is not; a record linked to the decision, or one saying why the
    /// child was not heard, documents it.</summary>
    [Fact]
    public void Missing_participation_is_flagged_for_a_child_of_7_or_older()
    {
        var none = ImmutableHashSet<EntryId>.Empty;
        var (nine, d9) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var flag = Assert.Single(ParticipationCheck.Check(nine, [], none, TestCases.Today));
        Assert.Equal((d9, 9, false), (flag.DecisionId, flag.ChildAge, flag.Pending));
        Assert.Contains("§ 1-4", flag.Source, StringComparison.Ordinal);

        // 7 on the day: flagged. One day short of 7: not.
        var (seven, _) = TestCases.WithDecision(new DateOnly(2017, 5, 10), new DateOnly(2024, 5, 10));
        Assert.Equal(7, Assert.Single(ParticipationCheck.Check(seven, [], none, TestCases.Today)).ChildAge);
        var (six, _) = TestCases.WithDecision(new DateOnly(2017, 5, 11), new DateOnly(2024, 5, 10));
        Assert.Empty(ParticipationCheck.Check(six, [], none, TestCases.Today));

        var heard = new ParticipationRecord(Guid.NewGuid(), nine.Id, new DateOnly(2024, 5, 3), new EntryLink(EntryKind.Vedtak, d9), "Siri (saksbehandler)",
            "skolen", "Jeg vil bo hjemme, men vil ha hjelp med lekser.", "Stor vekt; Ola er 9 år og tydelig.", null, null, "sb-a", At);
        Assert.Empty(ParticipationCheck.Check(nine, [heard], none, TestCases.Today));
        var declined = heard with { Entry = null, HeardBy = null, Place = null, ChildViews = null, Weight = null, NotHeard = NotHeardReason.Declined, Explanation = "Ola ble informert og ønsket ikke å snakke med oss." };
        Assert.Empty(ParticipationCheck.Check(nine, [declined], none, TestCases.Today));
        // An unlinked record long before the decision does not count.
        Assert.Single(ParticipationCheck.Check(nine, [declined with { On = new DateOnly(2023, 1, 1) }], none, TestCases.Today));
        // A decision still in draft is flagged before it is made.
        Assert.True(Assert.Single(ParticipationCheck.Check(nine, [], ImmutableHashSet.Create(d9), TestCases.Today)).Pending);
    }

    [Fact]
    public void Participation_record_needs_the_childs_views_or_why_not_heard()
    {
        var (state, _) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var heard = new ParticipationRecord(Guid.NewGuid(), state.Id, new DateOnly(2024, 5, 3), null, "Siri", "skolen", null, null, null, null, "sb-a", At);
        Assert.Equal(["views", "weight"], ParticipationRules.Validate(heard, state, TestCases.Today).Select(i => i.Path));
        var notHeard = heard with { NotHeard = NotHeardReason.Age, HeardBy = null, Place = null };
        Assert.Equal(DocumentationCodes.ParticipationReasonRequired, Assert.Single(ParticipationRules.Validate(notHeard, state, TestCases.Today)).Code);
        Assert.Empty(ParticipationRules.Validate(notHeard with { Explanation = "Barnet er 2 år." }, state, TestCases.Today));
    }

    /// <summary>Barnevernsloven § 1-3 (barnets beste) and the least intrusive measure: every alternative considered says why it
    /// was rejected.</summary>
    [Fact]
    public void Assessment_needs_alternatives_with_reasons()
    {
        var (state, _) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var a = new Assessment(Guid.NewGuid(), state.Id, new DateOnly(2024, 5, 9), null, "Ola trenger stabil voksenkontakt.",
            [new AlternativeConsidered("Fosterhjem", "")], "Hjelpetiltak i hjemmet er nok.", "sb-a", At);
        Assert.Equal(DocumentationCodes.AlternativeReasonRequired, Assert.Single(AssessmentRules.Validate(a, state, TestCases.Today)).Code);
        Assert.Equal(DocumentationCodes.AlternativesRequired, Assert.Single(AssessmentRules.Validate(a with { Alternatives = [] }, state, TestCases.Today)).Code);
        Assert.Empty(AssessmentRules.Validate(a with { Alternatives = [new AlternativeConsidered("Fosterhjem", "For inngripende; hjelpetiltak er ikke prøvd.")] }, state, TestCases.Today));
    }
}
