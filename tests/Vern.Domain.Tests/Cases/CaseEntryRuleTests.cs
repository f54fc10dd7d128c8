using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary>Rules checked when a case is opened and text is entered: the child's age on the start date, the earliest
/// Act, and plain text without control characters.</summary>
public class CaseEntryRuleTests
{
    private static OpenCase OpenOn(DateOnly opened, DateOnly birth, string? given = "Kari", string journal = "2024/17") =>
        new("4601", journal, opened, new ChildInput(null, birth, Sex.Female, GivenName: given, FamilyName: "Nordmann"));

    private static ValidationIssue Refused(params CaseCommand[] commands) =>
        Assert.Single(Assert.Throws<DomainRuleException>(() => Run(commands)).Issues);

    [Theory]
    [Trait("Rule", RuleCodes.OpenedBeforeBirth)]
    // SSB Kravspesifikasjon Personalia Kontroll 16: startdato mer enn 9 måneder før fødselsdato is an error.
    // Birth 2024-10-31 − 9 months = 2024-01-31 (PlusMonths clamps, one step).
    [InlineData("2024-01-30", "2024-10-31")]
    [InlineData("2010-01-01", "2015-03-14")]
    public void OpenCase_MoreThanNineMonthsBeforeBirth_Refused(string opened, string birth)
    {
        var issue = Refused(OpenOn(DateOnly.Parse(opened, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(RuleCodes.OpenedBeforeBirth, issue.Code);
        Assert.Equal("openedOn", issue.Path);
        Assert.Contains("mer enn 9 måneder før barnets fødselsdato", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", RuleCodes.OpenedBeforeBirth)]
    [InlineData("2024-01-31", "2024-10-31")] // exactly 9 months before: an unborn child, accepted
    [InlineData("2024-10-31", "2024-10-31")] // the day of birth
    public void OpenCase_UnbornChildWithinNineMonths_Accepted(string opened, string birth)
    {
        var (state, _) = Run(OpenOn(DateOnly.Parse(opened, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(DateOnly.Parse(opened, System.Globalization.CultureInfo.InvariantCulture), state.OpenedOn);
    }

    [Theory]
    [Trait("Rule", RuleCodes.BydelInvalid)]
    [InlineData("5")]
    [InlineData("005")]
    [InlineData("Frogner")]
    public void OpenCase_BydelNotTwoDigits_Refused(string bydel)
    {
        // Barnevern_v4.xsd Avgiver/@Bydelsnummer: «2-sifret bydelsnummer», pattern \d{2}. A bydel decides who may see the case
        // (issue 15), so a malformed one is refused at the field, not stored.
        var issue = Refused(OpenOn(D(2024, 3, 14), D(2015, 3, 14)) with { Bydel = bydel });
        Assert.Equal(RuleCodes.BydelInvalid, issue.Code);
        Assert.EndsWith("bydel", issue.Path, StringComparison.Ordinal);
        var (state, _) = Run(OpenOn(D(2024, 3, 14), D(2015, 3, 14)) with { Bydel = "05", BydelName = "Frogner" });
        Assert.Equal("05", state.Bydel);
    }

    [Fact]
    [Trait("Rule", RuleCodes.OpenedAfterAge25)]
    public void OpenCase_OnTheChildsTwentyFifthBirthday_Refused()
    {
        // SSB Sak Kontroll 7: a client of 25 or more is to be closed; a case cannot start then.
        Run(OpenOn(D(2024, 3, 13), D(1999, 3, 14)));
        var issue = Refused(OpenOn(D(2024, 3, 14), D(1999, 3, 14)));
        Assert.Equal(RuleCodes.OpenedAfterAge25, issue.Code);
        Assert.Contains("fylte 25 år 2024-03-14", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", RuleCodes.BeforeEarliestAct)]
    public void OpenCase_OnYearOne_Refused()
    {
        // Barnevernloven 1992 (in force 1993-01-01) is the earliest child welfare Act of the register's Lov list.
        var e = Assert.Throws<DomainRuleException>(() => Run(OpenOn(D(1, 1, 1), D(1, 1, 1))));
        var issue = Assert.Single(e.Issues, i => i.Code == RuleCodes.BeforeEarliestAct);
        Assert.Equal("openedOn (0001-01-01) er før barnevernloven (1992) trådte i kraft (1993-01-01); Vern kjenner ingen eldre barnevernslov.", issue.Message);
    }

    [Theory]
    [Trait("Rule", RuleCodes.ControlCharacter)]
    [InlineData("Ka\0ri", "0000")]        // NUL: not a character XML 1.0 allows
    [InlineData("Kari\u001b[2J", "001B")] // ESC: a terminal escape sequence (clear screen)
    [InlineData("\u202eirak", "202E")]    // RIGHT-TO-LEFT OVERRIDE: shows the name reversed
    [InlineData("Ka\u200bri", "200B")]    // ZERO WIDTH SPACE
    public void OpenCase_ControlCharacterInName_Refused(string given, string codepoint)
    {
        var issue = Refused(OpenOn(D(2024, 1, 10), D(2015, 3, 14), given));
        Assert.Equal(RuleCodes.ControlCharacter, issue.Code);
        Assert.Equal("child.givenName", issue.Path);
        Assert.Contains($"U+{codepoint}", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", RuleCodes.ControlCharacter)]
    public void OpenCase_ControlCharacterInJournalNumber_Refused() =>
        Assert.Equal("journalNumber", Refused(OpenOn(D(2024, 1, 10), D(2015, 3, 14), journal: "2024\n17")).Path);

    [Fact]
    [Trait("Rule", RuleCodes.ControlCharacter)]
    public void OpenCase_NorwegianLettersAndHyphens_Accepted() =>
        Run(OpenOn(D(2024, 1, 10), D(2015, 3, 14), given: "Åse-Marie Ødegård"));
}
