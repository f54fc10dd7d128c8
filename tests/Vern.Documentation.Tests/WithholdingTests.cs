using Vern.Application;
using Vern.Documentation.Innsyn;
using Vern.Domain.Documentation;
using Vern.Domain.Parties;
using Vern.Domain.Validation;
using Vern.Rendering;
using UglyToad.PdfPig;

namespace Vern.Documentation.Tests;

/// <summary>Issue 22: part of the child's statements withheld from one parent in the access copy (barnevernsloven § 12-6 andre
/// ledd: access that may expose the child to danger or harm; forvaltningsloven § 19 første ledd bokstav d): the words are in
/// neither the HTML nor the printed PDF of that parent's copy – also where a caseworker quoted them in the decision document's
/// «Barnets syn» – the copy says that something was withheld and on which ground, and the other parent's copy has the words.</summary>
public sealed class WithholdingTests
{
    private const string Secret = "Pappa slår når han har drukket";
    private const string Kept = "Jeg vil bo hos mamma";

    private static async Task<(DocsFixture F, string Father, string Mother, Guid Record)> SeedAsync()
    {
        var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        var mother = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Mona Nordmann", ParentalResponsibility: true));
        var father = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Per Hansen", ParentalResponsibility: true));
        var record = await f.App.AddParticipationAsync(sb, f.Own, new ParticipationInput(new DateOnly(2024, 5, 20), null, "Siri Saksbehandler", "skolen",
            $"{Kept}. {Secret}.", "Stor vekt; Kari er ni år."));
        await f.App.DraftDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own], new DecisionReasons("Barnevernsloven § 3-1.", "Bekymring fra skolen.",
            "Hjelpetiltak er til barnets beste.", $"Kari sa: «{Secret}.»", "Hjelpetiltak."));
        await f.App.FinaliseDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own]);
        return (f, father.Person.Id.ToString(), mother.Person.Id.ToString(), record.Id);
    }

    [Fact]
    public async Task WithholdViews_FromTheFather_LeavesTheWordsOutOfHisCopyOnly_AndNamesTheGround()
    {
        var (f, father, mother, record) = await SeedAsync();
        using var _ = f;
        var sb = await f.As("sb-a");
        var w = await f.App.WithholdViewsAsync(sb, f.Own, record, father, WithholdingGrounds.DangerToChild.Code, Secret, "Barnet er redd for far; han kan reagere mot henne.");
        Assert.Equal(("sb-a", Secret), (w.AuthorId, w.Passage));
        Assert.Single(await f.App.WithholdingsAsync(await f.As("leder-a"), f.Own));

        var fathers = InnsynRenderer.Html(await f.App.InnsynAsync(sb, f.Own, father, "krav om innsyn"));
        Assert.DoesNotContain(Secret, fathers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Kept, fathers, StringComparison.Ordinal);
        Assert.Contains("Barnets uttalelser (holdt tilbake)", fathers, StringComparison.Ordinal);
        Assert.Contains("barnevernsloven § 12-6 andre ledd", fathers, StringComparison.Ordinal);
        Assert.DoesNotContain("han kan reagere", fathers, StringComparison.Ordinal); // the reason is for the file, not the copy

        var mothers = InnsynRenderer.Html(await f.App.InnsynAsync(sb, f.Own, mother, "krav om innsyn"));
        Assert.Contains(Secret, mothers, StringComparison.Ordinal);
        Assert.DoesNotContain("Barnets uttalelser (holdt tilbake)", mothers, StringComparison.Ordinal);
    }

    /// <summary>The father's copy printed by Debian's headless Chromium and read back with PdfPig: the withheld words are nowhere in
    /// it (all of the record's views withheld this time, on the ground of forvaltningsloven § 19 første ledd bokstav d); the mother's PDF has them.</summary>
    [Fact]
    public async Task WithholdAllViews_ThePrintedCopiesDifferOnlyForTheFather()
    {
        Assert.NotNull(PdfPrinter.FindChromium());
        var (f, father, mother, record) = await SeedAsync();
        using var _ = f;
        var sb = await f.As("sb-a");
        await f.App.WithholdViewsAsync(sb, f.Own, record, father, WithholdingGrounds.RelationToChild.Code, null, "Barnet ba om at far ikke får vite det.");
        string Text(string party, string name)
        {
            var pdf = Path.Combine(f.Dir, name);
            PdfPrinter.Print(InnsynRenderer.Html(f.App.InnsynAsync(sb, f.Own, party, "krav om innsyn").GetAwaiter().GetResult()), pdf, TimeSpan.FromSeconds(90));
            using var document = PdfDocument.Open(pdf);
            return new string([.. string.Join("\n", document.GetPages().Select(p => p.Text)).Where(c => !char.IsWhiteSpace(c))]);
        }
        var fathers = Text(father, "far.pdf");
        Assert.Contains("Hjelpetiltakertilbarnetsbeste", fathers, StringComparison.Ordinal); // the text really was read
        foreach (var words in new[] { Secret, Kept })
            Assert.DoesNotContain(words.Replace(" ", "", StringComparison.Ordinal), fathers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("forvaltningsloven§19førsteleddbokstavd", fathers, StringComparison.Ordinal);
        var mothers = Text(mother, "mor.pdf");
        Assert.Contains(Secret.Replace(" ", "", StringComparison.Ordinal), mothers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithholdViews_BadInput_IsRefusedAndNothingStored_AndOthersMayNot()
    {
        var (f, father, _, record) = await SeedAsync();
        using var _ = f;
        var sb = await f.As("sb-a");
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.WithholdViewsAsync(sb, f.Own, record, Guid.NewGuid().ToString(), "ukjent", "Står ikke der", ""));
        Assert.Equal(
            new[] { DocumentationCodes.WithholdingPassageNotFound, DocumentationCodes.WithholdingGroundUnknown, DocumentationCodes.WithholdingPartyUnknown, DocumentationCodes.TextRequired },
            e.Issues.Select(i => i.Code));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.WithholdViewsAsync(f.As("sb-b").GetAwaiter().GetResult(), f.Own, record, father, WithholdingGrounds.DangerToChild.Code, null, "x"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.WithholdViewsAsync(f.As("tilsyn-a").GetAwaiter().GetResult(), f.Own, record, father, WithholdingGrounds.DangerToChild.Code, null, "x"));
        Assert.Empty(await f.App.WithholdingsAsync(sb, f.Own));
    }
}
