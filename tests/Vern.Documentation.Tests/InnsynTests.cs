using System.Collections.Immutable;
using Vern.Application;
using Vern.Documentation.Innsyn;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Domain.Parties;
using Vern.Domain.People;
using Vern.Rendering;
using Vern.Storage;
using Vern.Storage.Sqlite;
using UglyToad.PdfPig;

namespace Vern.Documentation.Tests;

/// <summary>A party's access copy (partsinnsyn, forvaltningsloven § 18) as the party receives it, as HTML and as the PDF
/// Debian's headless Chromium prints: what the party may not see is nowhere in the file, and every redaction gives its
/// reason and legal basis (forvaltningsloven § 19 andre ledd bokstav b; barnevernsloven § 13-1; adressesperre).</summary>
public sealed class InnsynTests
{
    /// <summary>The case of <see cref="DocsFixture"/> ("Own", 4601, sb-a) with its persons: the child with a strictly
    /// confidential address (graded on its personalia), the mother (the reader), the father, and a neighbour who reported anonymously; and a finalised
    /// decision document whose free text names the reporter, the father's number and address and the child's address.</summary>
    private sealed record Seeded(DocsFixture F, CasePersonView Child, CasePersonView Mother, CasePersonView Father, CasePersonView Reporter)
    {
        /// <summary>Every value the mother may not see, as it was typed.</summary>
        public IReadOnlyList<string> Secrets =>
        [
            Father.Person.Identifier!, Father.Person.Address!, "Elvegata 7",
            Child.Person.Address!, "Fjordveien 3", ChildFnr,
            Reporter.Person.Name, "Randi", "Nabodatter", Reporter.Person.Identifier!, Reporter.Person.Address!,
            "Familie for øvrig",
        ];
    }

    private static readonly string ChildFnr = Fnr(DocsFixture.Birth, 123);
    private static readonly string MotherFnr = Fnr(new DateOnly(1988, 2, 3), 456);
    private static readonly string FatherFnr = Fnr(new DateOnly(1986, 11, 20), 321);
    private static readonly string ReporterFnr = Fnr(new DateOnly(1970, 7, 9), 222);

    private static string Fnr(DateOnly birth, int individual)
    {
        for (var i = individual; ; i++)
            if (PersonIdentifier.Create(birth, i) is { } id)
                return id.Value;
    }

    private static async Task<Seeded> SeedAsync()
    {
        var f = await new DocsFixture().SeedAsync();
        var sb = await f.As("sb-a");
        // The child's personalia get its fødselsnummer; a second report is the neighbour's (Melder 3: familie for øvrig).
        await f.App.RecordAsync(sb, f.Own, new RecordPersonalDetails(new DateOnly(2024, 5, 3), new ChildInput(ChildFnr, null, Sex.Female, GivenName: "Kari", FamilyName: "Nordmann",
            AddressProtection: AddressProtection.StrictlyConfidential)));
        var report = await f.App.RecordAsync(sb, f.Own, new ReceiveReport(new DateOnly(2024, 5, 5), [new CodedValue("3")], [new CodedValue("8")]));
        var reportId = report.State.Reports[^1].Id;
        // The child's person record holds the address but no grading: the grading on the personalia (Folkeregisteret's) decides.
        var child = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Child, "Kari Nordmann", null, "Fjordveien 3, 4601 Kristiansand"));
        var mother = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Mona Nordmann", MotherFnr, "Storgata 1, 4601 Kristiansand", ParentalResponsibility: true));
        var father = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Per Hansen", FatherFnr, "Elvegata 7, 4612 Kristiansand", ParentalResponsibility: true));
        var reporter = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Reporter, "Randi Nabodatter", ReporterFnr, "Bakken 9, 4601 Kristiansand",
            ReportId: reportId, AnonymityRequested: true));
        await f.App.DraftDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own], new DecisionReasons(
            "barnevernsloven § 3-1 første ledd",
            $"Randi Nabodatter ringte 5. mai. Faren, Per Hansen ({FatherFnr[..6]} {FatherFnr[6..]}), bor i Elvegata 7. Kari bor nå i Fjordveien 3.",
            "Hjelpetiltak er til barnets beste.",
            "Kari vil ha hjelp med lekser.",
            "Familien får leksehjelp."));
        await f.App.FinaliseDecisionDocumentAsync(sb, f.Own, f.Decision[f.Own]);
        return new Seeded(f, child, mother, father, reporter);
    }

    private static string Flat(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    [Fact]
    public async Task Innsyn_for_the_mother_leaves_out_every_value_she_may_not_see_and_names_each_reason()
    {
        var s = await SeedAsync();
        using var f = s.F;
        var copy = await f.App.InnsynAsync(await f.As("sb-a"), f.Own, s.Mother.Person.Id.ToString(), "krav om innsyn 2024-06-01");
        var html = InnsynRenderer.Html(copy);

        foreach (var secret in s.Secrets)
        {
            Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Flat(secret), Flat(html), StringComparison.OrdinalIgnoreCase);
        }
        // Her own number and address are hers to see; the others are named, not hidden.
        Assert.Contains(MotherFnr, html, StringComparison.Ordinal);
        Assert.Contains("Storgata 1, 4601 Kristiansand", html, StringComparison.Ordinal);
        Assert.Contains("Per Hansen</td>", html, StringComparison.Ordinal);
        Assert.Contains("Kari Nordmann</td>", html, StringComparison.Ordinal);
        // Every rule applied is listed with its reason and legal basis.
        Assert.Equal(["melder-anonym", "fnr-andre", "adresse-andre", "adressesperre"], copy.Redactions.Select(r => r.Rule.Code));
        foreach (var r in copy.Redactions.Select(a => a.Rule))
        {
            Assert.Contains(r.Reason, html, StringComparison.Ordinal);
            Assert.Contains(r.LegalBasis, html, StringComparison.Ordinal);
        }
        Assert.Contains("forvaltningsloven § 19 andre ledd bokstav b", html, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 2 første ledd bokstav e", html, StringComparison.Ordinal);
        // The free text keeps what is not secret.
        Assert.Contains("Hjelpetiltak er til barnets beste.", html, StringComparison.Ordinal);
        Assert.Contains("barnevernsloven § 3-1 første ledd", html, StringComparison.Ordinal);
        // The reporter category of the school's report is shown; the anonymous neighbour's is not.
        Assert.Contains("Meldingen kom fra: Skole.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Innsyn_export_is_logged_with_operation_party_and_purpose_and_never_the_partys_name()
    {
        var s = await SeedAsync();
        using var f = s.F;
        await f.App.InnsynAsync(await f.As("sb-a"), f.Own, s.Mother.Person.Id.ToString(), "krav om innsyn 2024-06-01");
        using var log = SqliteAccessLog.Open(f.DbPath, create: false);
        var row = (await log.ForCaseAsync(f.Own)).Single(r => r.Operation == "case innsyn");
        Assert.Equal("sb-a", row.ActorId);
        Assert.Equal(AccessEntry.Allowed, row.Outcome);
        Assert.Contains(s.Mother.Person.Id.ToString(), row.Purpose, StringComparison.Ordinal);
        Assert.Contains("forelder", row.Purpose, StringComparison.Ordinal);
        Assert.Contains("krav om innsyn 2024-06-01", row.Purpose, StringComparison.Ordinal);
        Assert.DoesNotContain("Mona", row.Purpose, StringComparison.Ordinal);
    }

    /// <summary>Partsinnsyn is for parties: a reporter is not one (forvaltningsloven § 2 første ledd bokstav e), nor is a child
    /// under 15 (barnevernsloven § 12-3); the auditor may not make copies for parties (AccessPolicy row InnsynExport).</summary>
    [Fact]
    public async Task Innsyn_is_refused_for_a_non_party_and_for_roles_outside_case_work()
    {
        var s = await SeedAsync();
        using var f = s.F;
        var sb = await f.As("sb-a");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => f.App.InnsynAsync(sb, f.Own, s.Reporter.Person.Id.ToString()));
        Assert.Contains("ikke part", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => f.App.InnsynAsync(sb, f.Own, VernApp.ChildParty));
        foreach (var (user, purpose) in new[] { ("tilsyn-a", "tilsyn"), ("sb-b", ""), ("sb-x", "") })
        {
            var actor = await f.As(user);
            await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.InnsynAsync(actor, f.Own, s.Mother.Person.Id.ToString(), purpose));
        }
        using var log = SqliteAccessLog.Open(f.DbPath, create: false);
        Assert.DoesNotContain(await log.ForCaseAsync(f.Own), r => r.Operation == "case innsyn" && r.Outcome == AccessEntry.Allowed);
    }

    /// <summary>The PDF printed by the real headless Chromium (Debian package chromium): its text, read back with PdfPig, has
    /// none of the redacted values — but it does have the reader's own number, so the text was really read.</summary>
    [Fact]
    public async Task Innsyn_pdf_printed_by_chromium_contains_no_redacted_value()
    {
        Assert.NotNull(PdfPrinter.FindChromium());
        var s = await SeedAsync();
        using var f = s.F;
        var copy = await f.App.InnsynAsync(await f.As("sb-a"), f.Own, s.Mother.Person.Id.ToString(), "krav om innsyn");
        var pdf = Path.Combine(f.Dir, "innsyn.pdf");
        PdfPrinter.Print(InnsynRenderer.Html(copy), pdf, TimeSpan.FromSeconds(90));
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(pdf)[..4]);

        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(p => p.Text + "\n" + string.Join(' ', p.GetWords().Select(w => w.Text))));
        var flat = Flat(text);
        Assert.Contains(MotherFnr, flat, StringComparison.Ordinal);
        Assert.Contains("Melderensidentitet", flat, StringComparison.Ordinal);
        foreach (var secret in s.Secrets)
            Assert.DoesNotContain(Flat(secret), flat, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Faren (12345678901) ringte.", "12345678901")]
    [InlineData("Faren (123456 78901) ringte.", "12345678901")]
    [InlineData("Han bor i elvegata 7 nå.", "Elvegata 7, 4612 Kristiansand")]
    [InlineData("Randi ringte igjen.", "Randi Nabodatter")]
    public void TextRedactor_cuts_a_secret_in_the_forms_it_is_written(string text, string secret)
    {
        var kind = secret.All(char.IsAsciiDigit) ? SecretKind.IdentityNumber : secret.Contains(',', StringComparison.Ordinal) ? SecretKind.Address : SecretKind.Name;
        var result = TextRedactor.Redact(text, [new Secret(secret, kind, RedactionRules.OtherPersonsIdentityNumber)]);
        Assert.Contains(result.Pieces, p => p.Redacted is not null);
        var shown = string.Concat(result.Pieces.Where(p => p.Redacted is null).Select(p => p.Text));
        Assert.DoesNotContain("78901", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("elvegata", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Randi", shown, StringComparison.Ordinal);
        Assert.EndsWith(".", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void TextRedactor_leaves_words_that_only_contain_a_secret()
    {
        var result = TextRedactor.Redact("Randiane og Randi.", [new Secret("Randi", SecretKind.Name, RedactionRules.AnonymousReporter)]);
        Assert.Equal("Randiane og [Melderens identitet].", result.ToString());
    }
}
