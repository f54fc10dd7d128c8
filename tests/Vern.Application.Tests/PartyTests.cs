using Vern.Domain.Access;
using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Domain.Validation;
using Vern.Storage;
using Vern.Storage.Sqlite;
using Vern.Domain.People;

namespace Vern.Application.Tests;

/// <summary>Parties (issue 18 part 3) through the application layer on a real SQLite database: who is a party, recording
/// persons (bad input names the field and stores nothing), and «who looked at my case» for a party.</summary>
public sealed class PartyTests
{
    private static CasePerson Person(PersonRole role, bool responsibility = false, string? reason = null) =>
        new(new PersonId(Guid.NewGuid()), new CaseId(Guid.NewGuid()), 1, role, "Navn", null, null, AddressProtection.None, responsibility, null, false, reason, "sb", DateTimeOffset.UnixEpoch);

    /// <summary>Barnevernsloven § 12-3: a child is a party from the day it turns 15 (born 2010-06-01: party on 2025-06-01,
    /// not on 2025-05-31; the age is counted as for the child's participation, <see cref="Vern.Domain.Documentation.ParticipationRules.AgeOn"/>).</summary>
    [Theory]
    [Trait("Rule", "barnevernsloven § 12-3")]
    [InlineData("2010-06-01", "2025-05-31", false)]
    [InlineData("2010-06-01", "2025-06-01", true)]
    [InlineData("2008-12-31", "2023-12-30", false)]
    [InlineData("2008-12-31", "2023-12-31", true)]
    public void Child_IsPartyFromItsFifteenthBirthday(string born, string on, bool party)
    {
        var status = PartyRules.Of(Person(PersonRole.Child), DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(party, status.IsParty);
        Assert.Contains("§ 12-3", status.LegalBasis, StringComparison.Ordinal);
    }

    /// <summary>Forvaltningsloven § 2 første ledd bokstav e: a parent with parental responsibility is a party; without it, or
    /// as a reporter, only by a recorded reason.</summary>
    [Fact]
    [Trait("Rule", "forvaltningsloven § 2 første ledd bokstav e")]
    public void Parents_with_parental_responsibility_are_parties_reporters_are_not()
    {
        var on = new DateOnly(2024, 6, 1);
        var birth = new DateOnly(2015, 3, 14);
        Assert.True(PartyRules.Of(Person(PersonRole.Parent, responsibility: true), birth, on).IsParty);
        Assert.True(PartyRules.Of(Person(PersonRole.OtherWithParentalResponsibility, responsibility: true), birth, on).IsParty);
        Assert.False(PartyRules.Of(Person(PersonRole.Parent), birth, on).IsParty);
        Assert.False(PartyRules.Of(Person(PersonRole.Reporter), birth, on).IsParty);
        Assert.False(PartyRules.Of(Person(PersonRole.Other), birth, on).IsParty);
        Assert.True(PartyRules.Of(Person(PersonRole.Other, reason: "fosterforelder i sak om flytting"), birth, on).IsParty);
        Assert.True(PartyRules.Of(Person(PersonRole.Child, reason: "nemnda ga barnet partsrettigheter"), birth, on).IsParty);
    }

    [Fact]
    public async Task RecordPerson_refuses_bad_input_naming_the_field_and_stores_nothing()
    {
        using var f = await new AppFixture().SeedAsync();
        var sb = await f.As(Role.Caseworker);
        var bad = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Per", Identifier: "12345678901")));
        Assert.Contains(bad.Issues, i => i.Path == "--fnr");
        var noReport = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Reporter, "Ola")));
        Assert.Contains(noReport.Issues, i => i.Path == "--report");
        var anonymousParent = await Assert.ThrowsAsync<DomainRuleException>(() => f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Ola", AnonymityRequested: true)));
        Assert.Contains(anonymousParent.Issues, i => i.Path == "--anonymous");
        Assert.Empty(await f.App.CasePersonsAsync(sb, f.Own));

        // A new version keeps the id; the old one is kept, not overwritten.
        var first = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Mona Nordmann", Address: "Storgata 1"));
        var second = await f.App.RecordPersonAsync(sb, f.Own, new PersonInput(PersonRole.Parent, "Mona Nordmann", Address: "Storgata 2", ParentalResponsibility: true), first.Person.Id);
        Assert.Equal(2, second.Person.Version);
        Assert.True(second.Status.IsParty);
        var persons = await f.App.CasePersonsAsync(sb, f.Own, "partsliste");
        Assert.Equal("Storgata 2", Assert.Single(persons).Person.Address);
        // Another municipality's caseworker neither records nor reads the persons (logged denial).
        var other = await f.App.ActorAsync("sb-x");
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.CasePersonsAsync(other, f.Own));
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.RecordPersonAsync(other, f.Own, new PersonInput(PersonRole.Parent, "X")));
    }

    /// <summary>«Who looked at my case»: every read (with its purpose), every change, and refused attempts, by role and
    /// service; names only where the service's setting says so; the report itself is logged.</summary>
    [Fact]
    public async Task PartyAccessReport_lists_reads_changes_and_refusals_by_role_and_service_names_only_by_setting()
    {
        using var f = await new AppFixture().SeedAsync();
        var leader = await f.As(Role.Leader);
        var mother = await f.App.RecordPersonAsync(leader, f.Own, new PersonInput(PersonRole.Parent, "Mona Nordmann", ParentalResponsibility: true));
        await f.App.ShowCaseAsync(await f.As(Role.Auditor), f.Own, "tilsyn med saksbehandlingstid");
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.ShowCaseAsync(await f.App.ActorAsync("sb-x"), f.Own, "nysgjerrig"));
        await f.App.ListCasesAsync(leader, purpose: "fordeling");

        var report = await f.App.PartyAccessReportAsync(await f.As(Role.Caseworker), f.Own, mother.Person.Id.ToString(), "krav fra mor");
        Assert.False(report.NamesShown);
        Assert.All(report.Lines, l => Assert.Null(l.Name));
        Assert.Contains(report.Lines, l => l.What == "så saken" && l.Role == "tilsyn" && l.Purpose == "tilsyn med saksbehandlingstid" && l.Service == "barnevernstjenesten i kommune 4601");
        Assert.Contains(report.Lines, l => l.Kind == "forsøk avvist" && l.Service == "barnevernstjenesten i kommune 4602");
        Assert.Contains(report.Lines, l => l.What.StartsWith("saken var med i en saksliste", StringComparison.Ordinal) && l.Purpose == "fordeling");
        Assert.Contains(report.Lines, l => l.Kind == "endret" && l.What == "registrerte i saken: bekymringsmelding");
        Assert.Contains(report.Lines, l => l.Kind == "endret" && l.What == "registrerte forelder i saken");
        Assert.Equal(report.Lines.OrderBy(l => l.At).Select(l => l.At), report.Lines.Select(l => l.At));

        await f.App.SetPartyAccessShowsNamesAsync(await f.As(Role.Administrator), "4601", true);
        await Assert.ThrowsAsync<AccessDeniedException>(() => f.App.SetPartyAccessShowsNamesAsync(leader, "4601", false));
        var named = await f.App.PartyAccessReportAsync(leader, f.Own, null);
        Assert.True(named.NamesShown);
        Assert.Contains(named.Lines, l => l.Name == "tilsyn-a");

        // The report itself is in the access log; auditors and other services may not make it.
        using var log = SqliteAccessLog.Open(f.DbPath, create: false);
        Assert.Contains(await log.ForCaseAsync(f.Own), r => r.Operation == "case access for party" && r.Purpose.Contains("krav fra mor", StringComparison.Ordinal));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.PartyAccessReportAsync(await f.As(Role.Auditor), f.Own, null, "tilsyn"));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await f.App.PartyAccessReportAsync(await f.App.ActorAsync("sb-x"), f.Own, null));
    }
}
