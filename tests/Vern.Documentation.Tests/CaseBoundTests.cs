using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Documentation.Tests;

/// <summary>A note, an attachment or a decision is acted on only within the case it is named with. The leader of 4601 may reach
/// both Own and SameService; naming SameService's note, attachment or decision under Own is refused as not found, logged as a
/// refused access to Own, and nothing of SameService is read out or changed (taushetsplikt, barnevernsloven § 13-1; the case's
/// access log shows only what was really read).</summary>
public sealed class CaseBoundTests
{
    private static WriteNote Note(string text) => new(new DateOnly(2024, 5, 20), "samtale-barn", text);

    [Fact]
    public async Task ChangeNote_with_another_cases_note_is_refused_before_anything_is_written()
    {
        using var f = await new DocsFixture().SeedAsync();
        var leader = await f.As("leder-a");
        var theirs = await f.App.WriteNoteAsync(await f.As("sb-b"), f.SameService, Note("Bjørns utkast."));

        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.ChangeNoteAsync(leader, f.Own, theirs.Id, new EditDraft(new DateOnly(2024, 5, 21), "samtale-barn", "Overskrevet.")));
        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.FinaliseNoteAsync(leader, f.Own, theirs.Id));
        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.ChangeNoteAsync(leader, f.Own, theirs.Id, new AddAddendum("Tillegg.")));

        var after = await f.App.ShowNoteAsync(leader, theirs.Id);
        Assert.Equal(1, after.VersionCount);
        Assert.False(after.Finalised);
        Assert.Equal("Bjørns utkast.", after.Current.Text);
        var ownLog = await f.App.CaseAccessAsync(leader, f.Own);
        Assert.Equal(3, ownLog.Count(e => e.ActorId == "leder-a" && e.Outcome == "denied"));

        // Within its own case the same command goes through.
        var finalised = await f.App.FinaliseNoteAsync(leader, f.SameService, theirs.Id);
        Assert.True(finalised.Finalised);
    }

    [Fact]
    public async Task NoteInCase_with_another_cases_note_is_refused_and_not_logged_as_read_of_that_case()
    {
        using var f = await new DocsFixture().SeedAsync();
        var leader = await f.As("leder-a");
        var theirs = await f.App.WriteNoteAsync(await f.As("sb-b"), f.SameService, Note("Samtale med gutten."));

        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.NoteInCaseAsync(leader, f.Own, theirs.Id, "oppfølging"));
        Assert.DoesNotContain(await f.App.CaseAccessAsync(leader, f.SameService), e => e.Operation == "note show");
        Assert.Contains(await f.App.CaseAccessAsync(leader, f.Own), e => e.ActorId == "leder-a" && e.Outcome == "denied");

        var shown = await f.App.NoteInCaseAsync(leader, f.SameService, theirs.Id, "oppfølging");
        Assert.Equal(f.SameService, shown.Case.Id);
        Assert.Contains(await f.App.CaseAccessAsync(leader, f.SameService), e => e.Operation == "note show" && e.Purpose == "oppfølging");
    }

    [Fact]
    public async Task DownloadAttachment_with_another_cases_attachment_is_refused_before_its_content_is_read()
    {
        using var f = await new DocsFixture().SeedAsync();
        var leader = await f.As("leder-a");
        var sbB = await f.As("sb-b");
        var theirs = await f.App.WriteNoteAsync(sbB, f.SameService, Note("Brev fra skolen."));
        var a = await f.App.AddAttachmentAsync(sbB, f.SameService, AttachmentOwnerKind.Note, theirs.Id.Value, "brev.pdf", Files.Pdf("Skolens brev"));

        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.DownloadAttachmentAsync(leader, f.Own, a.Id, "oppfølging"));
        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.DownloadAttachmentAsync(leader, f.Own, Guid.NewGuid(), "oppfølging"));
        Assert.DoesNotContain(await f.App.CaseAccessAsync(leader, f.SameService), e => e.Operation == "attachment download");
        Assert.Equal(2, (await f.App.CaseAccessAsync(leader, f.Own)).Count(e => e.Outcome == "denied"));

        // The CLI's id-only form checks the attachment's own case: a caseworker of another case is refused.
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.DownloadAttachmentAsync(await f.As("sb-a"), a.Id));
        var file = await f.App.DownloadAttachmentAsync(leader, f.SameService, a.Id, "oppfølging");
        Assert.Equal("brev.pdf", file.Attachment.FileName);
    }

    [Fact]
    public async Task A_decision_of_another_case_is_refused_as_not_found()
    {
        using var f = await new DocsFixture().SeedAsync();
        var leader = await f.As("leder-a");
        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.DecisionInCaseAsync(leader, f.Own, f.Decision[f.SameService]));
        await f.App.DraftDecisionDocumentAsync(leader, f.SameService, f.Decision[f.SameService], DecisionReasons.Empty with { Facts = "Skolen meldte." });
        await Assert.ThrowsAsync<NotInCaseException>(() => f.App.DecisionDocumentAsync(leader, f.Own, f.Decision[f.SameService]));
        Assert.DoesNotContain(await f.App.CaseAccessAsync(leader, f.SameService), e => e.Operation is "decision show" or "decision-document");
    }

    [Fact]
    public async Task The_id_only_note_commands_check_the_notes_own_case()
    {
        using var f = await new DocsFixture().SeedAsync();
        var theirs = await f.App.WriteNoteAsync(await f.As("sb-b"), f.SameService, Note("Bjørns utkast."));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.ChangeNoteAsync(await f.As("sb-a"), theirs.Id, new AddAddendum("Ikke min.")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await f.App.FinaliseNoteAsync(await f.As("sb-a"), new NoteId(Guid.NewGuid())));
        Assert.Equal(1, (await f.App.ShowNoteAsync(await f.As("leder-a"), theirs.Id)).VersionCount);
    }
}
