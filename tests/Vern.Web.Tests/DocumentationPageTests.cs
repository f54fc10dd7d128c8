using System.Net;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.Documentation;

namespace Vern.Web.Tests;

/// <summary>The case documentation's pages (issue 22): a note written, finalised, then only versioned (forvaltningsloven § 11 d;
/// the history shown to leaders and auditors); refused forms show each broken rule at its field with its source and store
/// nothing; participation "not heard, and why" (barnevernsloven § 1-4); a decision document cannot be finalised with empty
/// reasons (forvaltningsloven §§ 24–25), and its download is a file, never inline; every read is in the case's access log.</summary>
public sealed class DocumentationPageTests : IAsyncLifetime
{
    private VernWebFactory _app = null!;
    private EntryId _decision;

    public async Task InitializeAsync()
    {
        _app = await VernWebFactory.StartAsync();
        using var vern = Open();
        var leader = await vern.ActorAsync(TestData.Leader);
        var change = await vern.RecordAsync(leader, _app.Data.Own, new MakeDecision(vern.Today.AddDays(-5), new LegalBasis("BVL2021", "3", "1", ["1"])));
        _decision = change.State.Decisions[^1].Id;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private VernApp Open() => VernApp.OpenSqlite(_app.Database, Vern.Tests.TestReference.CodeLists.Value, TimeProvider.System);

    private string Case => $"/saker/{_app.Data.Own}";

    private static async Task<HttpResponseMessage> Post(HttpClient client, string page, string url, Dictionary<string, string> form)
    {
        form["__vern_af"] = VernWebFactory.Token(page);
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task A_note_is_written_finalised_and_then_only_versioned_with_the_history_shown_to_the_leader()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        Assert.Contains($"{Case}/dokumentasjon", await sara.GetStringAsync(Case), StringComparison.Ordinal);
        var form = await sara.GetStringAsync($"{Case}/notater/nytt");
        var written = await Post(sara, form, $"{Case}/notater/nytt", new()
        {
            ["date"] = Norway.Today.AddDays(-1).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture),
            ["type"] = "hjemmebesok", ["entry"] = "", ["text"] = "Hjemmebesøk hos mor.\n\nKjøkkenet var ryddig.",
        });
        Assert.Equal(HttpStatusCode.Redirect, written.StatusCode);
        var notePath = written.Headers.Location!.OriginalString.Split('?')[0];
        var note = await sara.GetStringAsync(notePath);
        Assert.Contains("<p>Kjøkkenet var ryddig.</p>", note, StringComparison.Ordinal);

        var finalised = await Post(sara, note, notePath + "?handler=Finalise", []);
        Assert.Equal(HttpStatusCode.Redirect, finalised.StatusCode);
        note = await sara.GetStringAsync(notePath);
        Assert.DoesNotContain("Endre utkastet", note, StringComparison.Ordinal);

        // The edit form is gone; a crafted post is refused with the rule and its source, and nothing is stored.
        var edit = await Post(sara, note, notePath + "?handler=Edit", new()
        {
            ["date"] = Norway.Today.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), ["type"] = "hjemmebesok", ["text"] = "Omskrevet.",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        var refused = await edit.Content.ReadAsStringAsync();
        Assert.Contains("kan ikke endres", refused, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 11 d", refused, StringComparison.Ordinal);

        var addendum = await Post(sara, note, notePath + "?handler=Addendum", new() { ["text"] = "Mor ringte etterpå." });
        Assert.Equal(HttpStatusCode.Redirect, addendum.StatusCode);
        var noReason = await Post(sara, note, notePath + "?handler=Correct", new() { ["text"] = "Hjemmebesøk hos far.", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var noReasonPage = await noReason.Content.ReadAsStringAsync();
        Assert.Contains("id=\"rett-reason-feil\"", noReasonPage, StringComparison.Ordinal);
        Assert.Contains("Hvorfor teksten rettes må fylles ut", noReasonPage, StringComparison.Ordinal);
        var corrected = await Post(sara, note, notePath + "?handler=Correct", new() { ["text"] = "Hjemmebesøk hos far.", ["reason"] = "Feil forelder" });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);

        using (var vern = Open())
        {
            var stored = Assert.Single(await vern.ListNotesAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, "test"));
            // draft, finalised, addendum, correction: four versions, none overwritten (the refused edit and correction stored nothing)
            Assert.Equal(4, stored.VersionCount);
            Assert.Equal("Hjemmebesøk hos far.", stored.Current.Text);
        }
        Assert.DoesNotContain("Alle versjoner", await sara.GetStringAsync(notePath), StringComparison.Ordinal);
        var leif = await _app.LoginAsync(TestData.Leader);
        var history = await leif.GetStringAsync(notePath);
        Assert.Contains("Alle versjoner", history, StringComparison.Ordinal);
        Assert.Contains("Hjemmebesøk hos mor.", history, StringComparison.Ordinal);
        Assert.Contains("Feil forelder", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_note_shows_each_rule_at_its_field_and_stores_nothing()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        var form = await sara.GetStringAsync($"{Case}/notater/nytt");
        var response = await Post(sara, form, $"{Case}/notater/nytt", new()
        {
            ["date"] = Norway.Today.AddDays(3).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), ["type"] = "hjemmebesok", ["text"] = "  ",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"notat-text-feil\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"notat-date-feil\"", page, StringComparison.Ordinal);
        Assert.Contains("Tekst må fylles ut", page, StringComparison.Ordinal);
        Assert.Contains("Kilde: forvaltningsloven § 11 d", page, StringComparison.Ordinal);
        using var vern = Open();
        Assert.Empty(await vern.ListNotesAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, "test"));
    }

    [Fact]
    public async Task Participation_not_heard_needs_its_reason_and_the_flag_goes_when_it_is_recorded()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        var overview = await sara.GetStringAsync($"{Case}/dokumentasjon");
        // the child is 9: a decision without documented participation is flagged (barnevernsloven § 1-4; the 7 years from the 1992 Act § 6-3)
        Assert.Contains("Barnets medvirkning er ikke dokumentert", overview, StringComparison.Ordinal);
        var form = await sara.GetStringAsync($"{Case}/medvirkning/ny");
        var today = Norway.Today.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var refused = await Post(sara, form, $"{Case}/medvirkning/ny", new() { ["on"] = today, ["heard"] = "Declined", ["explanation"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"medvirkning-explanation-feil\"", page, StringComparison.Ordinal);
        Assert.Contains("barnevernsloven § 1-4", page, StringComparison.Ordinal);
        var stored = await Post(sara, form, $"{Case}/medvirkning/ny", new()
        {
            ["on"] = today, ["heard"] = "Declined", ["entry"] = $"vedtak:{_decision}", ["explanation"] = "Nora ville ikke snakke med oss denne gangen.",
        });
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        overview = await sara.GetStringAsync($"{Case}/dokumentasjon");
        Assert.Contains("Nei: barnet ønsket ikke", overview, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Barnets medvirkning er ikke dokumentert", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assessment_without_alternatives_is_refused_at_its_field()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        var form = await sara.GetStringAsync($"{Case}/vurderinger/ny");
        var today = Norway.Today.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var refused = await Post(sara, form, $"{Case}/vurderinger/ny", new() { ["on"] = today, ["best-interests"] = "Stabilitet.", ["least-intrusive"] = "Råd og veiledning." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("id=\"vurdering-alternative-feil\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await Post(sara, form, $"{Case}/vurderinger/ny", new()
        {
            ["on"] = today, ["best-interests"] = "Stabilitet.", ["alternative"] = "Fosterhjem", ["why"] = "For inngripende nå.", ["least-intrusive"] = "Råd og veiledning.",
        });
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        Assert.Contains("For inngripende nå.", await sara.GetStringAsync($"{Case}/dokumentasjon"), StringComparison.Ordinal);
    }

    /// <summary>Issue 22: the search page finds an assessment and a participation record by their words, says what each hit is, and
    /// links to it on the case's documentation page (whose rows carry the anchors); a user of another municipality finds nothing.</summary>
    [Fact]
    public async Task The_search_page_finds_documents_says_what_they_are_and_links_to_them()
    {
        using (var vern = Open())
        {
            var sara = await vern.ActorAsync(TestData.Caseworker);
            await vern.AddAssessmentAsync(sara, _app.Data.Own, new AssessmentInput(vern.Today, null, "Stabilitet med akvariet hjemme.",
                [new AlternativeConsidered("Fosterhjem", "For inngripende nå.")], "Råd og veiledning."));
            await vern.AddParticipationAsync(sara, _app.Data.Own, new ParticipationInput(vern.Today, null, "Sara", "skolen", "Akvariet er mitt.", "Stor vekt."));
        }
        var client = await _app.LoginAsync(TestData.Caseworker);
        var page = await client.GetStringAsync("/sok");
        var response = await Post(client, page, "/sok?handler=Text", new() { ["tekst"] = "akvariet" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("2 treff i dokumentasjonen", html, StringComparison.Ordinal);
        Assert.Contains(">Vurdering</a>", html, StringComparison.Ordinal);
        Assert.Contains(">Barnets medvirkning</a>", html, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/saker/[^\"#]+/dokumentasjon)#(vurdering-[0-9a-f-]+)\"");
        Assert.True(link.Success, html);
        Assert.Contains($"id=\"{link.Groups[2].Value}\"", await client.GetStringAsync(link.Groups[1].Value), StringComparison.Ordinal);

        var other = await _app.LoginAsync(TestData.OtherLeader);
        var otherPage = await other.GetStringAsync("/sok");
        var otherHtml = await (await Post(other, otherPage, "/sok?handler=Text", new() { ["tekst"] = "akvariet" })).Content.ReadAsStringAsync();
        Assert.Contains("Ingen treff i dokumentasjonen", otherHtml, StringComparison.Ordinal);
    }

    /// <summary>Issue 22: the web form withholds a passage of the child's views from one parent (barnevernsloven § 12-6 andre ledd);
    /// a passage not in the views is refused at its field and nothing is stored; the decision is listed with who made it; the
    /// father's innsyn copy (made through the application layer) lacks the words, the mother's has them.</summary>
    [Fact]
    public async Task The_withholding_form_keeps_a_passage_out_of_one_parents_copy()
    {
        Guid record;
        string father, mother;
        using (var vern = Open())
        {
            var sara = await vern.ActorAsync(TestData.Caseworker);
            record = (await vern.AddParticipationAsync(sara, _app.Data.Own, new ParticipationInput(vern.Today, null, "Sara", "skolen", "Jeg liker skolen. Pappa skriker om natta.", "Stor vekt."))).Id;
            father = (await vern.RecordPersonAsync(sara, _app.Data.Own, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, "Per Hansen", ParentalResponsibility: true))).Person.Id.ToString();
            mother = (await vern.RecordPersonAsync(sara, _app.Data.Own, new PersonInput(Vern.Domain.Parties.PersonRole.Parent, "Mona Nilsen", ParentalResponsibility: true))).Person.Id.ToString();
        }
        var client = await _app.LoginAsync(TestData.Caseworker);
        Assert.Contains($"/medvirkning/{record}/tilbakehold", await client.GetStringAsync($"{Case}/dokumentasjon"), StringComparison.Ordinal);
        var path = $"{Case}/medvirkning/{record}/tilbakehold";
        var form = await client.GetStringAsync(path);
        Assert.Contains("Per Hansen", form, StringComparison.Ordinal);
        var refused = await Post(client, form, path, new() { ["party"] = father, ["ground"] = "barnets-uttalelser-fare", ["part"] = "Står ikke der", ["reason"] = "Barnet er redd." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("id=\"tilbakehold-part-feil\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await Post(client, form, path, new() { ["party"] = father, ["ground"] = "barnets-uttalelser-fare", ["part"] = "Pappa skriker om natta", ["reason"] = "Barnet er redd." });
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        Assert.Contains("barnevernsloven § 12-6 andre ledd", await client.GetStringAsync(path), StringComparison.Ordinal);

        using var app = Open();
        var leader = await app.ActorAsync(TestData.Leader);
        Assert.DoesNotContain("Pappa skriker", Vern.Documentation.Innsyn.InnsynRenderer.Html(await app.InnsynAsync(leader, _app.Data.Own, father)), StringComparison.Ordinal);
        Assert.Contains("Pappa skriker", Vern.Documentation.Innsyn.InnsynRenderer.Html(await app.InnsynAsync(leader, _app.Data.Own, mother)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_document_with_empty_reasons_cannot_be_finalised_and_downloads_as_a_file()
    {
        var leif = await _app.LoginAsync(TestData.Leader);
        var path = $"{Case}/vedtak/{_decision}";
        var page = await leif.GetStringAsync(path);
        var drafted = await Post(leif, page, path + "?handler=Draft", new()
        {
            ["template"] = DecisionTemplates.ServiceDecision.Code, ["legal-basis"] = "barnevernsloven § 3-1", ["facts"] = "Mor har bedt om hjelp.",
            ["assessment"] = "", ["child-views"] = "Nora vil bo hjemme.", ["conclusion"] = "Familien får råd og veiledning.",
        });
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        page = await leif.GetStringAsync(path);
        var refused = await Post(leif, page, path + "?handler=Finalise", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Contains("kan ikke ferdigstilles", refusal, StringComparison.Ordinal);
        Assert.Contains("forvaltningsloven § 24", refusal, StringComparison.Ordinal);
        Assert.Contains("id=\"utkast-assessment-feil\"", refusal, StringComparison.Ordinal);
        using (var vern = Open())
            Assert.False((await vern.DecisionInCaseAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, _decision, "test")).Document!.IsFinalised);

        var file = await leif.GetAsync(path + "?handler=File&format=html");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("UTKAST", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_documentation_read_is_in_the_cases_access_log_and_others_are_refused()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        await sara.GetStringAsync($"{Case}/dokumentasjon");
        await sara.GetStringAsync($"{Case}/vedtak/{_decision}");
        using (var vern = Open())
        {
            var log = await vern.CaseAccessAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, "test");
            Assert.Contains(log, e => e.ActorId == TestData.Caseworker && e.Operation == "documentation overview");
            Assert.Contains(log, e => e.ActorId == TestData.Caseworker && e.Operation == "decision show");
        }
        var olav = await _app.LoginAsync(TestData.OtherLeader);
        Assert.Equal(HttpStatusCode.Forbidden, (await olav.GetAsync($"{Case}/dokumentasjon")).StatusCode);
        var anna = await _app.LoginAsync(TestData.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync($"{Case}/dokumentasjon")).StatusCode);
        var tove = await _app.LoginAsync(TestData.Auditor);
        Assert.Contains("Formål", await tove.GetStringAsync($"{Case}/dokumentasjon"), StringComparison.Ordinal);
        Assert.DoesNotContain("Skriv journalnotat", await tove.GetStringAsync($"{Case}/dokumentasjon?formaal=tilsyn"), StringComparison.Ordinal);
    }

    /// <summary>Attachments on the note page: type by content (an HTML file named .pdf refused at its field, nothing stored), always
    /// a download (Content-Disposition: attachment, never inline), and the download in the case's access log.</summary>
    [Fact]
    public async Task An_attachment_is_uploaded_to_a_note_and_downloaded_as_a_file_and_logged()
    {
        var sara = await _app.LoginAsync(TestData.Caseworker);
        using (var vern = Open())
            await vern.WriteNoteAsync(await vern.ActorAsync(TestData.Caseworker), _app.Data.Own, new WriteNote(vern.Today, "samarbeidsmote", "Møte med skolen."));
        NoteId noteId;
        using (var vern = Open())
            noteId = (await vern.ListNotesAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, "test"))[0].Id;
        var notePath = $"{Case}/notater/{noteId}";
        var page = await sara.GetStringAsync(notePath);

        async Task<HttpResponseMessage> Upload(string name, byte[] content)
        {
            using var form = new MultipartFormDataContent { { new StringContent(VernWebFactory.Token(page)), "__vern_af" } };
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", name);
            return await sara.PostAsync(notePath + "?handler=Attach", form);
        }

        var refused = await Upload("rapport.pdf", System.Text.Encoding.UTF8.GetBytes("<!DOCTYPE html><script>alert(1)</script>"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("id=\"vedlegg-file-feil\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
        Assert.Equal(HttpStatusCode.Redirect, (await Upload("skolerapport.pdf", pdf)).StatusCode);

        page = await sara.GetStringAsync(notePath);
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/saker/[^\"]+/vedlegg/[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(link);
        var leif = await _app.LoginAsync(TestData.Leader);
        var download = await leif.GetAsync(System.Net.WebUtility.HtmlDecode(link));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        using (var vern = Open())
        {
            Assert.Single(await vern.ListAttachmentsAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, "test"));
            var log = await vern.CaseAccessAsync(await vern.ActorAsync(TestData.Leader), _app.Data.Own, "test");
            Assert.Contains(log, e => e.ActorId == TestData.Leader && e.Operation == "attachment download");
        }
        var olav = await _app.LoginAsync(TestData.OtherLeader);
        Assert.Equal(HttpStatusCode.Forbidden, (await olav.GetAsync(System.Net.WebUtility.HtmlDecode(link))).StatusCode);
    }

    /// <summary>A crafted post or download names another case's note or attachment under a case URL the leader can also reach:
    /// 404, the other case's note unchanged, nothing of it read out and nothing logged as read of it (the refusal is logged
    /// against the case in the URL). The check sits in VernApp, before anything is read or written.</summary>
    [Fact]
    public async Task Another_cases_note_or_attachment_under_a_case_url_is_not_found_and_unchanged()
    {
        CaseId second;
        NoteId theirs;
        Guid attachment;
        using (var vern = Open())
        {
            var leader = await vern.ActorAsync(TestData.Leader);
            var opened = await vern.OpenCaseAsync(leader, new OpenCase(TestData.Municipality, "2026-0043", vern.Today.AddDays(-3),
                new ChildInput(null, vern.Today.AddYears(-12), Vern.Domain.People.Sex.Male, GivenName: "Per", FamilyName: "Berg")));
            second = opened.State.Id;
            theirs = (await vern.WriteNoteAsync(leader, second, new WriteNote(vern.Today, "hjemmebesok", "Pers utkast."))).Id;
            attachment = (await vern.AddAttachmentAsync(leader, second, AttachmentOwnerKind.Note, theirs.Value, "brev.pdf",
                System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"))).Id;
        }
        var leif = await _app.LoginAsync(TestData.Leader);
        var page = await leif.GetStringAsync($"{Case}/notater/nytt");
        var crafted = $"{Case}/notater/{theirs}";
        foreach (var (handler, form) in new (string, Dictionary<string, string>)[]
        {
            ("Edit", new() { ["date"] = Norway.Today.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), ["type"] = "hjemmebesok", ["text"] = "Overskrevet." }),
            ("Finalise", []),
            ("Addendum", new() { ["text"] = "Tillegg under feil sak." }),
            ("Correct", new() { ["text"] = "Rettet under feil sak.", ["reason"] = "Forsøk" }),
        })
        {
            var response = await Post(leif, page, $"{crafted}?handler={handler}", form);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await leif.GetAsync(crafted)).StatusCode);
        var download = await leif.GetAsync($"{Case}/vedlegg/{attachment}");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.DoesNotContain("%PDF", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var vern = Open())
        {
            var leader = await vern.ActorAsync(TestData.Leader);
            var note = await vern.ShowNoteAsync(leader, theirs, "test");
            Assert.Equal(1, note.VersionCount);
            Assert.False(note.Finalised);
            Assert.Equal("Pers utkast.", note.Current.Text);
            var secondLog = await vern.CaseAccessAsync(leader, second, "test");
            Assert.DoesNotContain(secondLog, e => e.Operation is "attachment download" || (e.Operation == "note show" && e.ActorId == TestData.Leader && e.Purpose != "test"));
            var ownLog = await vern.CaseAccessAsync(leader, _app.Data.Own, "test");
            Assert.True(ownLog.Count(e => e.ActorId == TestData.Leader && e.Outcome == "denied") >= 6);
        }
        // In its own case the same note page answers.
        Assert.Equal(HttpStatusCode.OK, (await leif.GetAsync($"/saker/{second}/notater/{theirs}")).StatusCode);
    }
}
