using Vern.Domain.Identity;
using Vern.Domain.People;
using Vern.Matching;

namespace Vern.Matching.Tests;

/// <summary>The score and its reasons in words (issue 18 part 2: the same fødselsnummer; a D-nummer moved to a new
/// fødselsnummer; fuzzy name and birth date).</summary>
public sealed class MatchScorerTests
{
    // Valid numbers (mod 11) for a child born 12.03.2015: boys have an odd ninth digit.
    private const string FnrBoy = "12031550147";
    private const string FnrBoy2 = "12031550309";
    private const string DnrBoy = "52031550130";

    private static readonly DateOnly Born = new(2015, 3, 12);

    private static ChildIdentity C(string? given, string? family, DateOnly? birth = null, string? id = null, Sex? sex = Sex.Male, string? duf = null) =>
        new(id, duf, given, family, birth ?? (id is null ? Born : null), sex);

    [Fact]
    public void SameFodselsnummer_IsACandidate_WhateverTheNames()
    {
        var s = MatchScorer.Score(C("Ola", "Hansen", id: FnrBoy), C("Per", "Olsen", id: FnrBoy));
        Assert.True(s.Score >= 0.9, s.Score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"Samme fødselsnummer ({FnrBoy})", s.Reasons[0].Text);
    }

    [Fact]
    public void TwoDifferentFodselsnumre_AreTwoChildren_EvenWithTheSameNameAndDate()
    {
        var s = MatchScorer.Score(C("Ola", "Hansen", id: FnrBoy), C("Ola", "Hansen", id: FnrBoy2));
        Assert.False(s.IsCandidate);
        Assert.Contains(s.Reasons, r => r.Text.StartsWith("Ulike fødselsnumre", StringComparison.Ordinal));
    }

    [Fact]
    public void DNummerAndFodselsnummer_SameDateAndName_IsACandidate_WithTheReasonInWords()
    {
        var s = MatchScorer.Score(C("Ahmad", "Ali", id: DnrBoy), C("Ahmed", "Ali", id: FnrBoy));
        Assert.True(s.IsCandidate);
        var words = s.Reasons.Select(r => r.Text).ToList();
        Assert.Contains(words, t => t.StartsWith("D-nummer på den ene (52031550130), fødselsnummer på den andre (12031550147)", StringComparison.Ordinal));
        Assert.Contains("Samme fødselsdato (12.03.2015)", words);
        Assert.Contains("Fornavn i ulik stavemåte («Ahmad» og «Ahmed»)", words);
    }

    [Fact]
    public void SpellingVariantsAndSwappedDayMonth_IsACandidate()
    {
        var s = MatchScorer.Score(C("Kristian", "Hansen"), C("Christian", "Hanssen", birth: new DateOnly(2015, 12, 3)));
        Assert.True(s.IsCandidate, s.Score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var words = s.Reasons.Select(r => r.Text).ToList();
        Assert.Contains("Fødselsdatoen med dag og måned byttet om (12.03.2015 og 03.12.2015)", words);
        Assert.Contains("Fornavn i ulik stavemåte («Kristian» og «Christian»)", words);
        Assert.Contains("Etternavn i ulik stavemåte («Hansen» og «Hanssen»)", words);
    }

    [Fact]
    public void GivenNamesInAnotherOrder_OrAMissingMiddleName_IsACandidate()
    {
        Assert.Contains(MatchScorer.Score(C("Ola Martin", "Berg"), C("Martin Ola", "Berg")).Reasons, r => r.Text == "Fornavn i byttet rekkefølge («Ola Martin» og «Martin Ola»)");
        var missing = MatchScorer.Score(C("Ola Martin", "Berg"), C("Ola", "Berg", birth: new DateOnly(2015, 3, 13)));
        Assert.True(missing.IsCandidate);
        Assert.Contains(missing.Reasons, r => r.Text == "Fornavn mangler et navn på den ene («Ola Martin» og «Ola»)");
        Assert.Contains(missing.Reasons, r => r.Text == "Fødselsdatoen skiller seg på ett siffer (12.03.2015 og 13.03.2015)");
    }

    [Fact]
    public void GivenAndFamilyNameSwapped_IsACandidate()
    {
        var s = MatchScorer.Score(C("Ola", "Hansen"), C("Hansen", "Ola"));
        Assert.True(s.IsCandidate);
        Assert.Equal("Fornavn og etternavn byttet om", s.Reasons.First(r => r.Weight == 5).Generic);
    }

    [Fact]
    public void ATypoInTheFamilyName_IsACandidate()
    {
        var s = MatchScorer.Score(C("Emma", "Johansen", sex: Sex.Female), C("Emma", "Johanssen", sex: Sex.Female));
        Assert.True(s.IsCandidate);
        var typo = MatchScorer.Score(C("Emma", "Kristoffersen", sex: Sex.Female), C("Emma", "Kristofersne", sex: Sex.Female));
        Assert.True(typo.IsCandidate);
        Assert.Contains(typo.Reasons, r => r.Text == "Etternavn med skrivefeil («Kristoffersen» og «Kristofersne»)");
    }

    /// <summary>Twins: the same family name and birth date, different given names (and here sex): never a candidate.</summary>
    [Fact]
    public void Twins_AreNotCandidates()
    {
        Assert.False(MatchScorer.Score(C("Ola", "Hansen"), C("Kari", "Hansen", sex: Sex.Female)).IsCandidate);
        Assert.False(MatchScorer.Score(C("Ola", "Hansen"), C("Per", "Hansen")).IsCandidate);
    }

    [Fact]
    public void SameNameDifferentBirthDate_IsNotACandidate()
    {
        Assert.False(MatchScorer.Score(C("Ola", "Hansen"), C("Ola", "Hansen", birth: new DateOnly(2012, 7, 30))).IsCandidate);
    }

    [Fact]
    public void SameDufNumber_IsACandidate()
    {
        var duf = DufNumber.Create(2014, 123456);
        var s = MatchScorer.Score(C("Amina", "Ahmed", sex: Sex.Female, duf: duf), C("Aminah", "Achmed", birth: new DateOnly(2014, 1, 1), sex: Sex.Female, duf: duf));
        Assert.True(s.IsCandidate);
        Assert.Contains(s.Reasons, r => r.Text == $"Samme DUF-nummer ({duf})");
    }

    [Fact]
    public void GenericReasons_NameNoValue()
    {
        var s = MatchScorer.Score(C("Kristian", "Hansen", id: FnrBoy), C("Christian", "Hanssen", birth: new DateOnly(2015, 12, 3)));
        foreach (var r in s.Reasons)
        {
            Assert.DoesNotContain("Kristian", r.Generic, StringComparison.Ordinal);
            Assert.DoesNotContain("Hans", r.Generic, StringComparison.Ordinal);
            Assert.DoesNotContain("2015", r.Generic, StringComparison.Ordinal);
            Assert.DoesNotContain(FnrBoy, r.Generic, StringComparison.Ordinal);
        }
    }
}
