using System.Text.RegularExpressions;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Register.Mapping;

namespace Vern.Register.Tests.Export;

public class CaseToRegisterTests
{
    [Fact]
    public void RelationId_SameEnds_SameUuidMatchingTheXsdPattern()
    {
        var a = CaseToRegister.RelationId("Vedtak", "a0000000-0000-4000-8000-000000000004", "Tiltak", "a0000000-0000-4000-8000-000000000005");
        var b = CaseToRegister.RelationId("Vedtak", "A0000000-0000-4000-8000-000000000004", "Tiltak", "a0000000-0000-4000-8000-000000000005");
        var other = CaseToRegister.RelationId("Tiltak", "a0000000-0000-4000-8000-000000000005", "Vedtak", "a0000000-0000-4000-8000-000000000004");

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), a);
    }

    /// <summary>The ids every export has delivered stay the same: RFC 4122 version 5 UUIDs of "FraType:fraid>TilType:tilid" in
    /// Vern's namespace, as Python's <c>uuid.uuid5(UUID("6f1c2a4e-3b8d-4c59-9e21-7a5d0b3c8f10"), name)</c> computes them.</summary>
    [Theory]
    [InlineData("Vedtak", "a0000000-0000-4000-8000-000000000004", "Tiltak", "a0000000-0000-4000-8000-000000000005", "6c4b5422-d15d-5d06-a670-b96f51ec13cc")]
    [InlineData("Melding", "B0000000-0000-4000-8000-0000000000FF", "Undersokelse", "b0000000-0000-4000-8000-00000000000a", "ba58bd7d-b21d-5c0a-85fd-bacd78d8541f")]
    public void RelationId_IsTheRfc4122Version5UuidOfTheEnds(string fromType, string fromId, string toType, string toId, string expected) =>
        Assert.Equal(expected, CaseToRegister.RelationId(fromType, fromId, toType, toId));

    [Theory]
    [Trait("Rule", "Personalia kontroll 12")]
    [Trait("Rule", "Personalia Kontroll 14")]
    [InlineData(Sex.Male, "01071200100")] // 9th digit 1, odd: Kjonn 1
    [InlineData(Sex.Female, "01071200200")] // 9th digit 2, even: Kjonn 2 (00100 for a girl is an ERROR at SSB)
    [InlineData(Sex.Unborn, "01071299999")] // termindato + 99999, not read for sex
    public void RegisterIdentifier_Unknown_UsesTheRegistersIncompleteForm(Sex sex, string expected)
    {
        var p = new PersonalDetails(EntryId.Parse("a0000000-0000-4000-8000-000000000001"), new DateOnly(2012, 7, 1), null,
            new DateOnly(2012, 7, 1), sex, null, null, null);

        Assert.Equal(expected, CaseToRegister.RegisterIdentifier(p));
    }

    [Fact]
    [Trait("Rule", "Barnevern_v4.xsd TilsynType")]
    public void Map_SupervisionWithoutResponsibleMunicipality_LeavesTilsynOutAndSaysWhy()
    {
        using var vern = new TempVern();
        vern.Cases.ExecuteAll(Fixtures.CareCase,
        [
            new OpenCase("4601", "2024/1", new DateOnly(2024, 1, 10), new ChildInput(Fixtures.Fnr(new DateOnly(2015, 3, 14), Sex.Female), null, Sex.Female)),
            new MakeDecision(new DateOnly(2024, 1, 10), new Domain.Law.LegalBasis("BVL2021", "5", "1"), Id: Fixtures.Decision),
            new StartMeasure(Fixtures.Decision, new DateOnly(2024, 1, 11), new CodedValue("2.2"), Id: Fixtures.FosterHome),
            new SetVisitFrequency(Fixtures.FosterHome, VisitKind.Supervision, new DateOnly(2024, 1, 11), 4),
        ], "test");

        var mapped = CaseToRegister.Map(vern.Store.LoadState(Fixtures.CareCase)!);

        Assert.Null(mapped.Case.Tiltak[0].Tilsyn);
        var issue = Assert.Single(mapped.Issues);
        Assert.Equal(MappingCodes.SupervisionIncomplete, issue.Code);
        Assert.Contains("Tiltak[Id=a0000000-0000-4000-8000-000000000005]/Tilsyn", issue.Path, StringComparison.Ordinal);
    }
}
