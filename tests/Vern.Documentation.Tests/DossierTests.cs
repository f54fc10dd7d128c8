using System.Collections.Immutable;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Law;
using Vern.Rendering;
using UglyToad.PdfPig;

namespace Vern.Documentation.Tests;

/// <summary>The case dossier for barneverns- og helsenemnda or statsforvalteren (issue 22, "Onward use"): the case's timeline,
/// its decisions with their reasoned documents, and the documentation behind them (finalised notes with addenda, participation,
/// assessments); drafts are left out; access-checked and logged as one row in the case's access log; printed by the real headless
/// Chromium and read back with PdfPig.</summary>
public sealed class DossierTests
{
    private const string DraftPhrase = "Et utkast som ikke er ferdig skrevet";

    private static async Task<DocsFixture> SeedAsync()
    {
        var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var visit = await f.App.WriteNoteAsync(sb, f.Own, new WriteNote(new DateOnly(2024, 5, 6), "hjemmebesok", "Hjemmebesøk hos mor.\n\nKjøkkenet var ryddig og Kari viste rommet sitt."));
        await f.App.FinaliseNoteAsync(sb, f.Own, visit.Id);
        await f.App.ChangeNoteAsync(sb, f.Own, visit.Id, new AddAddendum("Mor ringte dagen etter og takket for besøket."));
        await f.App.WriteNoteAsync(sb, f.Own, new WriteNote(new DateOnly(2024, 5, 7), "observasjon", DraftPhrase));
        await f.App.AddParticipationAsync(sb, f.Own, new ParticipationInput(new DateOnly(2024, 5, 3), new EntryLink(EntryKind.Vedtak, f.Decision[f.Own]),
            "Siri Saksbehandler", "skolen", "Jeg vil bo hos mamma, men vil ha hjelp med lekser.", "Stor vekt; Kari er 9 år og tydelig."));
        await f.App.AddAssessmentAsync(sb, f.Own, new AssessmentInput(new DateOnly(2024, 5, 8), null, "Kari trenger ro og hjelp med skolearbeidet.",
            [new AlternativeConsidered("Ingen tiltak", "Skolen melder at hun faller etter.")], "Leksehjelp er det minste inngrepet som hjelper."));
        await f.App.DraftDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own], new DecisionReasons("barnevernsloven § 3-1 første ledd", "Skolen meldte om fravær.",
            "Hjelpetiltak er til Karis beste.", "Kari vil ha hjelp med lekser.", "Kari får leksehjelp to dager i uken."));
        await f.App.FinaliseDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own]);
        return f;
    }

    [Fact]
    public async Task The_dossier_holds_the_timeline_the_decisions_and_the_finalised_documentation_and_is_logged()
    {
        using var f = await SeedAsync();
        var dossier = await f.App.CaseDossierAsync(await f.As("leder-a"), f.Own, "sak for barneverns- og helsenemnda");
        Assert.Contains(dossier.Timeline, e => e.What.Contains("Siri Saksbehandler", StringComparison.Ordinal));
        Assert.Single(dossier.Decisions);
        Assert.True(dossier.Decisions[0].Document!.IsFinalised);
        Assert.Empty(dossier.Decisions[0].Flags);
        var note = Assert.Single(dossier.Notes);
        Assert.Single(note.Addenda);
        Assert.Single(dossier.Participation);
        Assert.Single(dossier.Assessments);

        var html = CaseDossierRenderer.Html(dossier);
        Assert.Contains("Kjøkkenet var ryddig", html, StringComparison.Ordinal);
        Assert.Contains("Mor ringte dagen etter", html, StringComparison.Ordinal);
        Assert.Contains("Vedtak 10.05.2024 etter barnevernsloven § 3-1 første ledd", html, StringComparison.Ordinal);
        Assert.Contains("Skrevet av Siri Saksbehandler", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DraftPhrase, html, StringComparison.Ordinal);
        Assert.DoesNotContain(">sb-a<", html, StringComparison.Ordinal);

        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own);
        Assert.Single(log, e => e.Operation == "case dossier" && e.ActorId == "leder-a" && e.Purpose == "sak for barneverns- og helsenemnda");
    }

    [Fact]
    public async Task The_dossier_is_refused_outside_the_actors_scope_and_the_refusal_logged()
    {
        using var f = await SeedAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.CaseDossierAsync(await f.As("leder-x"), f.Own));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.CaseDossierAsync(await f.As("sb-b"), f.Own));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.CaseDossierAsync(await f.As("analytiker-a"), f.Own));
        var log = await f.App.CaseAccessAsync(await f.As("leder-a"), f.Own);
        Assert.Equal(3, log.Count(e => e.Outcome == "denied"));
        Assert.DoesNotContain(log, e => e.Operation == "case dossier");
    }

    /// <summary>The PDF printed by the real headless Chromium, read back: the sections and the documentation are there, the
    /// draft is not.</summary>
    [Fact]
    public async Task The_printed_dossier_reads_back_with_its_sections()
    {
        Assert.NotNull(PdfPrinter.FindChromium());
        using var f = await SeedAsync();
        var dossier = await f.App.CaseDossierAsync(await f.As("tilsyn-a"), f.Own, "tilsyn med saken");
        var pdf = Path.Combine(f.Dir, "dossier.pdf");
        PdfPrinter.Print(CaseDossierRenderer.Html(dossier), pdf, TimeSpan.FromSeconds(90));
        using var document = PdfDocument.Open(pdf);
        var flat = new string([.. string.Join("\n", document.GetPages().Select(p => p.Text)).Where(c => !char.IsWhiteSpace(c))]);
        foreach (var expected in new[] { "Saksdokumentasjon", "Detteharskjeddisaken", "Vedtak10.05.2024", "Barnetsmedvirkning", "Vurderinger", "Journalnotater",
                     "Kjøkkenetvarryddig", "Morringtedagenetter", "Jegvilbohosmamma", "Leksehjelperdetminsteinngrepet", "tilsynmedsaken" })
            Assert.Contains(expected, flat, StringComparison.Ordinal);
        Assert.DoesNotContain(DraftPhrase.Replace(" ", "", StringComparison.Ordinal), flat, StringComparison.Ordinal);
    }
}

/// <summary>The legal basis in words (lovhenvisning), the one formatter the pages and the documents use.</summary>
public sealed class LegalCitationTests
{
    [Fact]
    public void The_2021_Act_is_cited_by_name_and_paragraph_in_words()
    {
        Assert.Equal("barnevernsloven § 3-1 første ledd", LegalCitation.Words(new LegalBasis("BVL2021", "3", "1", ["1"])));
        Assert.Equal("barnevernsloven § 5-1 første og annet ledd", LegalCitation.Words(new LegalBasis("BVL2021", "5", "1", ["1", "2"])));
        Assert.Equal("barnevernsloven § 4-2", LegalCitation.Words(new LegalBasis("BVL2021", "4", "2")));
    }

    [Fact]
    public void The_1992_Act_carries_its_year_and_its_letters()
    {
        Assert.Equal("barnevernloven (1992) § 4-12 første ledd bokstav a", LegalCitation.Words(new LegalBasis("BVL", "4", "12", ["1"], ["a"])));
        Assert.Equal("barnevernloven (1992) § 4-4 annet ledd", LegalCitation.Words(new LegalBasis("BVL", "4", "4", ["2"])));
    }
}

/// <summary>The participation flag as a person reads it, and its age rule: barnevernsloven § 1-4 is the child's right. A
/// measure for a young adult (aftercare, barnevernsloven § 3-6; the 1992 Act's § 1-3: kept with the young person's consent up to
/// 25) is not a child's participation matter, so it is not flagged.</summary>
public sealed class ParticipationFlagTextTests
{
    [Fact]
    public void The_flag_names_the_decision_by_its_date_in_Norwegian_form_and_no_id()
    {
        var (nine, d9) = TestCases.WithDecision(new DateOnly(2015, 3, 14), new DateOnly(2024, 5, 10));
        var flag = Assert.Single(ParticipationCheck.Check(nine, [], ImmutableHashSet<EntryId>.Empty, TestCases.Today));
        Assert.StartsWith("Vedtaket 10.05.2024: barnet var 9 år", flag.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(d9.ToString(), flag.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2024-05-10", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aftercare_decision_for_a_young_adult_is_not_flagged_but_one_for_a_17_year_old_is()
    {
        var none = ImmutableHashSet<EntryId>.Empty;
        var (twenty, _) = TestCases.WithDecision(new DateOnly(2004, 3, 1), new DateOnly(2024, 5, 10));
        Assert.Empty(ParticipationCheck.Check(twenty, [], none, TestCases.Today));
        var (eighteen, _) = TestCases.WithDecision(new DateOnly(2006, 5, 10), new DateOnly(2024, 5, 10));
        Assert.Empty(ParticipationCheck.Check(eighteen, [], none, TestCases.Today));
        var (seventeen, _) = TestCases.WithDecision(new DateOnly(2006, 5, 11), new DateOnly(2024, 5, 10));
        Assert.Equal(17, Assert.Single(ParticipationCheck.Check(seventeen, [], none, TestCases.Today)).ChildAge);
    }
}
