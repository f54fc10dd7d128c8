using Vern.Application;
using Vern.Documentation.Innsyn;
using Vern.Domain.Documentation;
using Vern.Domain.Parties;
using Vern.Domain.People;
using Vern.Rendering;
using UglyToad.PdfPig;

namespace Vern.Documentation.Tests;

/// <summary>The party's access copy with the case's documentation (issue 22, «onward use»): finalised journal notes with their
/// addenda, participation records and assessments are in the copy, through the same redactions as the rest of it (another
/// person's fødselsnummer and address: forvaltningsloven § 19 andre ledd bokstav b, barnevernsloven § 13-1); a note of an
/// internal discussion is left out whole with its rule (forvaltningsloven § 18 a); a draft is never in the copy.</summary>
public sealed class InnsynDocumentationTests
{
    private static readonly string FatherFnr = Fnr(new DateOnly(1986, 11, 20), 321);

    private static string Fnr(DateOnly birth, int individual)
    {
        for (var i = individual; ; i++)
            if (PersonIdentifier.Create(birth, i) is { } id)
                return id.Value;
    }
    private const string InternalPhrase = "Vi drøftet om vi bør vurdere omsorgsovertakelse";
    private const string DraftPhrase = "Utkast som ikke er ferdig";

    private static async Task<(DocsFixture F, string Mother)> SeedAsync()
    {
        var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var mother = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Mona Nordmann", null, "Storgata 1, 4601 Kristiansand", ParentalResponsibility: true));
        await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Per Hansen", FatherFnr, "Elvegata 7, 4612 Kristiansand", ParentalResponsibility: true));

        var visit = await f.App.WriteNoteAsync(sb, f.Own, new WriteNote(new DateOnly(2024, 5, 20), "hjemmebesok",
            $"Hjemmebesøk hos mor. Far ({FatherFnr}) har flyttet til Elvegata 7. Kari viste oss rommet sitt."));
        await f.App.FinaliseNoteAsync(sb, visit.Id);
        await f.App.ChangeNoteAsync(sb, visit.Id, new AddAddendum("Mor ringte dagen etter og takket for besøket."));
        var internalNote = await f.App.WriteNoteAsync(sb, f.Own, new WriteNote(new DateOnly(2024, 5, 21), "intern-drofting", InternalPhrase + "."));
        await f.App.FinaliseNoteAsync(sb, internalNote.Id);
        await f.App.WriteNoteAsync(sb, f.Own, new WriteNote(new DateOnly(2024, 5, 22), "telefon", DraftPhrase + "."));
        await f.App.AddParticipationAsync(sb, f.Own, new ParticipationInput(new DateOnly(2024, 5, 20), null, "Siri Saksbehandler", "skolen",
            "Jeg vil bo hos mamma.", "Stor vekt; Kari er ni år og sier det samme hver gang."));
        await f.App.AddAssessmentAsync(sb, f.Own, new AssessmentInput(new DateOnly(2024, 5, 21), null, "Kari trenger stabilitet.",
            [new AlternativeConsidered("Besøkshjem", "Ikke nødvendig nå.")], "Råd og veiledning hjemme."));
        return (f, mother.Person.Id.ToString());
    }

    [Fact]
    public async Task The_copy_has_the_finalised_documentation_and_leaves_out_internal_notes_and_drafts()
    {
        var (f, mother) = await SeedAsync();
        using var _ = f;
        var copy = await f.App.InnsynAsync(await f.As("sb-a"), f.Own, mother, "krav om innsyn");
        var documentation = copy.Documentation!;
        Assert.Contains(documentation, d => d.Title == "Journalnotat: Hjemmebesøk" && d.Sections.Any(s => s.Heading.StartsWith("Tillegg", StringComparison.Ordinal)));
        Assert.Contains(documentation, d => d.Title == "Barnets medvirkning" && d.Sections.Any(s => s.Text.ToString().Contains("Jeg vil bo hos mamma.", StringComparison.Ordinal)));
        Assert.Contains(documentation, d => d.Title == "Vurdering");
        var withheld = Assert.Single(copy.Withheld!);
        Assert.Equal(RedactionRules.InternalDocument, withheld.Rule);
        Assert.Contains(copy.Redactions, r => r.Rule == RedactionRules.InternalDocument && r.Count == 1);
        Assert.Contains(copy.Redactions, r => r.Rule == RedactionRules.OtherPersonsIdentityNumber);

        var html = InnsynRenderer.Html(copy);
        Assert.Contains("Kari viste oss rommet sitt.", html, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 18 a", html, StringComparison.Ordinal);
        foreach (var secret in new[] { FatherFnr, "Elvegata 7", InternalPhrase, DraftPhrase })
            Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The PDF printed by the real headless Chromium, read back with PdfPig: the documentation's text is there, and none of
    /// the redacted values, the internal note's text or the draft's text.</summary>
    [Fact]
    public async Task The_printed_copy_has_no_redacted_value_from_the_documentation()
    {
        Assert.NotNull(PdfPrinter.FindChromium());
        var (f, mother) = await SeedAsync();
        using var _ = f;
        var copy = await f.App.InnsynAsync(await f.As("sb-a"), f.Own, mother, "krav om innsyn");
        var pdf = Path.Combine(f.Dir, "innsyn-dokumentasjon.pdf");
        PdfPrinter.Print(InnsynRenderer.Html(copy), pdf, TimeSpan.FromSeconds(90));
        using var document = PdfDocument.Open(pdf);
        var flat = new string([.. string.Join("\n", document.GetPages().Select(p => p.Text)).Where(c => !char.IsWhiteSpace(c))]);
        Assert.Contains("Kariviste", flat, StringComparison.Ordinal);
        Assert.Contains("Jegvilbohosmamma", flat, StringComparison.Ordinal);
        foreach (var secret in new[] { FatherFnr, "Elvegata7", "Elvegata", InternalPhrase.Replace(" ", "", StringComparison.Ordinal), DraftPhrase.Replace(" ", "", StringComparison.Ordinal) })
            Assert.DoesNotContain(secret, flat, StringComparison.OrdinalIgnoreCase);
    }
}
