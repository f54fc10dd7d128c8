using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Validation;

namespace Vern.Documentation.Tests;

/// <summary>The documentation through the application layer on a real SQLite database: scoped by the AccessPolicy, every read
/// of its content in the case's access log with its purpose.</summary>
public sealed class AppTests
{
    private static WriteNote Note(string text, string type = "samtale-barn") => new(new DateOnly(2024, 5, 20), type, text);

    /// <summary>Taushetsplikt (barnevernsloven § 13-1): search returns only notes the actor may read – a caseworker's own cases, a
    /// leader's or auditor's service – never another municipality's; analysts and administrators get nothing.</summary>
    [Fact]
    public async Task Search_returns_nothing_outside_the_actors_scope()
    {
        using var f = await new DocsFixture().SeedAsync();
        await f.App.WriteNoteAsync(await f.As("sb-a"), f.Own, Note("Kari fortalte om fotballtreningen."));
        await f.App.WriteNoteAsync(await f.As("sb-b"), f.SameService, Note("Fotball er viktig for gutten."));
        await f.App.WriteNoteAsync(await f.As("sb-x"), f.Other, Note("Fotballaget i nabokommunen."));

        async Task<HashSet<CaseId>> Cases(string user, string purpose = "") =>
            [.. (await f.App.SearchDocumentationAsync(await f.As(user), "fotball", purpose: purpose)).Select(h => h.CaseId)];

        Assert.Equal([f.Own], await Cases("sb-a"));
        Assert.Equal([f.SameService], await Cases("sb-b"));
        Assert.Equal([f.Other], await Cases("sb-x"));
        Assert.Equal([f.Own, f.SameService], await Cases("leder-a"));
        Assert.Equal([f.Other], await Cases("leder-x"));
        Assert.Equal([f.Own, f.SameService], await Cases("tilsyn-a", "tilsyn med dokumentasjon av medvirkning"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Cases("tilsyn-a"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Cases("analytiker-a"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Cases("admin-a"));

        // The service's setting widens a caseworker's search to the service, never further.
        await f.App.SetCaseworkersSeeServiceAsync(await f.As("admin-a"), "4601", true);
        Assert.Equal([f.Own, f.SameService], await Cases("sb-a"));

        // The refusals are in the log too (the search denials are bulk rows over the municipality).
        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own);
        Assert.Contains(log, e => e.Operation == "search" && e.ActorId == "sb-a" && e.IsBulk);
    }

    /// <summary>Issue 22, taushetsplikt (barnevernsloven § 13-1): the search covers participation records, assessments and decision
    /// documents with the same scope as notes – a caseworker's own cases, a leader's or auditor's service, never another
    /// municipality's – and a hit never carries another case's words. Each hit says what it is.</summary>
    [Fact]
    public async Task Search_over_documents_returns_nothing_outside_the_actors_scope()
    {
        using var f = await new DocsFixture().SeedAsync();
        var day = new DateOnly(2024, 5, 8);
        await f.App.AddParticipationAsync(await f.As("sb-a"), f.Own, new ParticipationInput(day, null, "Siri", "skolen", "Jeg vil ha akvariet med meg.", "Stor vekt."));
        await f.App.AddAssessmentAsync(await f.As("sb-b"), f.SameService, new AssessmentInput(day, null, "Akvarium og ro hjelper gutten.",
            [new AlternativeConsidered("Ingen tiltak", "Bekymringen er for stor.")], "Veiledning er minst inngripende."));
        await f.App.DraftDecisionDocumentAsync(await f.As("sb-x"), f.Other, f.Decision[f.Other],
            DecisionReasons.Empty with { Facts = "Akvariet i nabokommunen: hemmelig-x." });
        await f.App.DraftDecisionDocumentAsync(await f.As("sb-a"), f.Own, f.Decision[f.Own], DecisionReasons.Empty with { Conclusion = "Akvarium i stua." });

        async Task<List<SearchHit>> Hits(string user, string purpose = "") => [.. await f.App.SearchDocumentationAsync(await f.As(user), "akvari", purpose: purpose)];

        Assert.Equal([(SearchHitKind.DecisionDocument, f.Own), (SearchHitKind.Participation, f.Own)],
            (await Hits("sb-a")).Select(h => (h.Kind, h.CaseId)).OrderBy(h => h.Kind).Reverse());
        Assert.Equal([(SearchHitKind.Assessment, f.SameService)], (await Hits("sb-b")).Select(h => (h.Kind, h.CaseId)));
        Assert.Equal([f.Other], (await Hits("sb-x")).Select(h => h.CaseId));
        Assert.Equal(new HashSet<CaseId> { f.Own, f.SameService }, (await Hits("leder-a")).Select(h => h.CaseId).ToHashSet());
        Assert.Equal(new HashSet<CaseId> { f.Own, f.SameService }, (await Hits("tilsyn-a", "tilsyn med vurderinger")).Select(h => h.CaseId).ToHashSet());
        Assert.DoesNotContain(await Hits("leder-a"), h => h.Excerpt.Contains("hemmelig-x", StringComparison.Ordinal));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Hits("analytiker-a"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Hits("admin-a"));

        var decision = Assert.Single(await Hits("sb-a"), h => h.Kind == SearchHitKind.DecisionDocument);
        Assert.Equal(("Vedtaksdokument", f.Decision[f.Own]), (decision.Label, decision.DecisionId!.Value));
        Assert.Equal(["Barnets medvirkning", "Vurdering"], (await Hits("leder-a")).Where(h => h.Kind != SearchHitKind.DecisionDocument).Select(h => h.Label).Order());

        // Logged as the note search is: one bulk row naming the cases whose documents were shown.
        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.SameService);
        Assert.Contains(log, e => e.Operation == "search" && e.ActorId == "sb-b" && e.IsBulk);
    }

    /// <summary>Every read of a note is in the case's access log ("who looked at my case"), with its purpose: the list, one note,
    /// a search that showed it, and the decision document.</summary>
    [Fact]
    public async Task Every_note_read_is_in_the_cases_access_log()
    {
        using var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var note = await f.App.WriteNoteAsync(sb, f.Own, Note("Samtale med Kari på skolen om hjemmet."));
        await f.App.ListNotesAsync(sb, f.Own, "oppfølging");
        await f.App.ShowNoteAsync(await f.As("tilsyn-a"), note.Id, "tilsyn 2024");
        await f.App.SearchDocumentationAsync(await f.As("leder-a"), "skolen", purpose: "fordeling");
        await f.App.ListParticipationAsync(sb, f.Own, "vedtak");
        await f.App.DraftDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own], DecisionReasons.Empty with { Facts = "Skolen meldte." });
        await f.App.DecisionDocumentAsync(sb, f.Own, f.Decision[f.Own], "utkast");

        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own);
        Assert.Contains(log, e => e.Operation == "note list" && e.ActorId == "sb-a" && e.Purpose == "oppfølging");
        Assert.Contains(log, e => e.Operation == "note show" && e.ActorId == "tilsyn-a" && e.Purpose == "tilsyn 2024");
        Assert.Contains(log, e => e.Operation == "search" && e.ActorId == "leder-a" && e.IsBulk && e.Purpose == "fordeling");
        Assert.Contains(log, e => e.Operation == "participation list" && e.ActorId == "sb-a");
        Assert.Contains(log, e => e.Operation == "decision-document" && e.ActorId == "sb-a" && e.Purpose == "utkast");
        // The other case in the service was not shown by the search, so its log does not have it.
        Assert.DoesNotContain(await f.App.CaseAccessAsync(await f.As("leder-a"), f.SameService), e => e.Operation == "search");
    }

    [Fact]
    public async Task Policy_decides_who_writes_and_reads_and_denials_are_logged()
    {
        using var f = await new DocsFixture().SeedAsync();
        var note = await f.App.WriteNoteAsync(await f.As("sb-a"), f.Own, Note("Hjemmebesøk.", "hjemmebesok"));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.WriteNoteAsync(await f.As("sb-b"), f.Own, Note("Ikke min sak.")));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.WriteNoteAsync(await f.As("tilsyn-a"), f.Own, Note("Tilsyn skriver ikke.")));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.ListNotesAsync(await f.As("analytiker-a"), f.Own));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.ShowNoteAsync(await f.As("leder-x"), note.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.FinaliseNoteAsync(await f.As("sb-x"), note.Id));
        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own);
        Assert.Equal(5, log.Count(e => e.Outcome == "denied"));

        // The leader (not the author) may finalise; after that only versions are added.
        await f.App.FinaliseNoteAsync(await f.As("leder-a"), note.Id);
        await Assert.ThrowsAsync<DomainRuleException>(async () => await f.App.ChangeNoteAsync(await f.As("sb-a"), note.Id, new EditDraft(new DateOnly(2024, 5, 20), "hjemmebesok", "Endret.")));
        await f.App.ChangeNoteAsync(await f.As("sb-a"), note.Id, new AddAddendum("Tillegg."));

        // The history is shown to leaders and auditors, not to the caseworker.
        Assert.Null((await f.App.ShowNoteAsync(await f.As("sb-a"), note.Id)).History);
        Assert.Equal(3, (await f.App.ShowNoteAsync(await f.As("leder-a"), note.Id)).History!.Count);
        Assert.Equal(3, (await f.App.ShowNoteAsync(await f.As("tilsyn-a"), note.Id, "tilsyn")).History!.Count);
    }

    /// <summary>Barnevernsloven § 1-4: the worklist and the case page flag a decision for a child of 7 or older without documented
    /// participation; recording the conversation clears it; the summary counts documented and missing (for the compliance report).</summary>
    [Fact]
    public async Task Missing_participation_is_flagged_on_the_case_page_and_the_worklist()
    {
        using var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var flag = Assert.Single(await f.App.CaseParticipationFlagsAsync(sb, f.Own));
        Assert.Equal(9, flag.ChildAge);

        var leader = await f.As("leder-a");
        var before = await f.App.ParticipationSummaryAsync(leader);
        Assert.Equal((2, 0, 2), (before.DecisionsForChildrenOver7, before.Documented, before.Flags.Count));
        Assert.Single((await f.App.ParticipationSummaryAsync(sb)).Flags); // a caseworker's worklist: their own cases

        var bad = await Assert.ThrowsAsync<DomainRuleException>(async () => await f.App.AddParticipationAsync(sb, f.Own,
            new ParticipationInput(new DateOnly(2024, 5, 3), null, "Siri", "skolen", null, null)));
        Assert.Contains(bad.Issues, i => i.Path == "views");

        await f.App.AddParticipationAsync(sb, f.Own, new ParticipationInput(new DateOnly(2024, 5, 3), new EntryLink(EntryKind.Vedtak, f.Decision[f.Own]),
            "Siri Saksbehandler", "skolen", "Jeg vil bo hjemme, men vil ha hjelp med lekser.", "Stor vekt: Kari er 9 år og klar i sine ønsker."));
        Assert.Empty(await f.App.CaseParticipationFlagsAsync(sb, f.Own));
        var after = await f.App.ParticipationSummaryAsync(leader);
        Assert.Equal((2, 1, 1), (after.DecisionsForChildrenOver7, after.Documented, after.Flags.Count));
    }

    /// <summary>Forvaltningsloven §§ 24–25 through the application layer: the decision document cannot be finalised with empty
    /// reasons, and nothing is stored by the refusal.</summary>
    [Fact]
    public async Task Decision_without_reasons_cannot_be_finalised_through_the_app()
    {
        using var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var decision = f.Decision[f.Own];
        await f.App.DraftDecisionDocumentAsync(sb, f.Own, decision, DecisionReasons.Empty with { LegalBasis = "barnevernsloven § 3-1" });
        var e = await Assert.ThrowsAsync<DomainRuleException>(async () => await f.App.FinaliseDecisionDocumentAsync(await f.As("leder-a"), f.Own, decision));
        Assert.Equal(DocumentationCodes.DecisionReasonsEmpty, Assert.Single(e.Issues).Code);
        Assert.False((await f.App.DecisionDocumentAsync(sb, f.Own, decision)).Document.IsFinalised);
        Assert.Equal(f.Own, await f.App.CaseOfDecisionAsync(decision));
    }
}
