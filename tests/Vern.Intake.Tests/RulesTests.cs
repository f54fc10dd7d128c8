using Vern.Domain.Intake;
using Vern.Domain.Validation;
using Vern.Storage.Intake;

namespace Vern.Intake.Tests;

/// <summary>What a delivery must meet before it gets a receipt (issue 18: "Bad input is refused with a clear ProblemDetails
/// and stores nothing: malformed, unknown municipality, missing child and missing description").</summary>
public sealed class IntakeRulesTests
{
    private static IReadOnlyList<ValidationIssue> Check(string json, string? senderMunicipality = null)
    {
        var (report, issues) = IntakeJson.Parse(json);
        return report is null ? issues : IntakeRules.Validate(report, m => m is "4601" or "4602", senderMunicipality);
    }

    [Fact]
    public void Validate_AWholeReport_HasNoIssues() => Assert.Empty(Check(IntakeFixture.Report("m-1")));

    [Theory]
    [InlineData("{\"messageId\": ", "$.messageId")]
    [InlineData("[1, 2]", "$")]
    [InlineData("{\"messageId\": 5}", "$.messageId")]
    [InlineData("null", "$")]
    public void Parse_Malformed_OneIssueNamingWhere(string json, string path)
    {
        var issue = Assert.Single(Check(json));
        Assert.Equal(IntakeRules.Malformed, issue.Code);
        Assert.Equal(path, issue.Path);
    }

    [Fact]
    public void Validate_UnknownMunicipality_NamesTheField() =>
        Assert.Contains(Check(IntakeFixture.Report("m-1", municipality: "9999")), i => i.Code == IntakeRules.UnknownMunicipality && i.Path == "municipalityNumber");

    [Fact]
    public void Validate_MunicipalityOfAnotherSender_IsRefused() =>
        Assert.Contains(Check(IntakeFixture.Report("m-1", municipality: "4602"), senderMunicipality: "4601"), i => i.Code == IntakeRules.NotThisSendersMunicipality);

    [Fact]
    public void Validate_MissingChild_NamesTheField() =>
        Assert.Contains(Check(IntakeFixture.Report("m-1", child: false)), i => i.Code == IntakeRules.ChildMissing && i.Path == "child");

    [Fact]
    public void Validate_MissingDescription_NamesTheField() =>
        Assert.Contains(Check(IntakeFixture.Report("m-1", description: false)), i => i.Code == IntakeRules.Required && i.Path == "description");

    [Fact]
    public void Validate_ChildWithNameButNoBirthDateOrNumber_IsRefused() =>
        Assert.Contains(Check("""{"messageId":"m","senderKind":"police","municipalityNumber":"4601","child":{"givenName":"Nora"},"description":"x"}"""),
            i => i.Code == IntakeRules.ChildMissing);

    [Fact]
    public void Validate_BadFodselsnummer_NamesTheIdentifier() =>
        Assert.Contains(Check(IntakeFixture.Report("m-1", identifier: "12345678901")), i => i.Code == IntakeRules.IdentifierInvalid && i.Path == "child.identifier");

    [Fact]
    public void Validate_UnknownSenderKind_IsRefused() =>
        Assert.Contains(Check(IntakeFixture.Report("m-1", kind: "pigeon")), i => i.Code == IntakeRules.UnknownSenderKind);

    // Kodelister.md, /Barnevern/Sak/Melding/Melder/@Kode: 8 Politi, 11 Skole; the national form leaves it to the caseworker.
    [Theory]
    [InlineData("police", "8")]
    [InlineData("school", "11")]
    [InlineData("kindergarten", "9")]
    [InlineData("national-form", null)]
    public void ReporterCode_FollowsTheRegistersMelderList(string kind, string? code) => Assert.Equal(code, SenderKinds.ReporterCode(kind));
}

/// <summary>The alarms on constructed data (issue 18: "a report in the inbox for more than N hours", and "silence: no reports
/// from a sender for longer than its normal rate makes likely, computed from its own history, for example a Poisson bound").</summary>
public sealed class AlarmsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<DateTimeOffset> Daily(int n) => [.. Enumerable.Range(0, n).Select(i => T0.AddDays(i))];

    [Fact]
    public void Silence_50DailyReportsThen8DaysSilent_Alarms()
    {
        // λ = 49 intervals / 49 days = 1 a day; P(0 in 8 days) = e^-8 ≈ 0.000335 < α = 0.001.
        var times = Daily(50);
        var alarm = Alarms.Silence("meldeportal", times, times[^1].AddDays(8), new AlarmLimits());
        Assert.NotNull(alarm);
        Assert.Equal(AlarmKind.Silence, alarm.Kind);
        Assert.Contains("meldeportal", alarm.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_50DailyReportsThen6DaysSilent_NoAlarm()
    {
        // P(0 in 6 days) = e^-6 ≈ 0.0025 ≥ α = 0.001.
        var times = Daily(50);
        Assert.Null(Alarms.Silence("meldeportal", times, times[^1].AddDays(6), new AlarmLimits()));
    }

    [Fact]
    public void Silence_RareSenderSilentAsLong_NoAlarm()
    {
        // A sender with one report a month (λ = 1/30 a day) silent for 8 days: e^(-8/30) ≈ 0.77, nothing unusual.
        var times = Enumerable.Range(0, 12).Select(i => T0.AddDays(30 * i)).ToList();
        Assert.Null(Alarms.Silence("politiet", times, times[^1].AddDays(8), new AlarmLimits()));
    }

    [Fact]
    public void Silence_TooLittleHistory_NoAlarm() =>
        Assert.Null(Alarms.Silence("ny", Daily(3), T0.AddDays(100), new AlarmLimits(MinimumHistory: 5)));

    [Fact]
    public void InboxAge_25HoursWithLimit24_Alarms_23HoursDoesNot()
    {
        InboxItem Waiting(double hoursAgo, DateTimeOffset now) => new(new ReceivedReport(Guid.NewGuid(), "meldeportal", $"m-{hoursAgo}", "police", "4601",
            now.AddHours(-hoursAgo), "h", "{}"), null);
        var now = T0;
        var alarms = Alarms.Compute(now, [Waiting(25, now), Waiting(23, now)], new Dictionary<string, IReadOnlyList<DateTimeOffset>>(), new AlarmLimits(InboxHours: 24));
        var alarm = Assert.Single(alarms);
        Assert.Equal(AlarmKind.InboxAge, alarm.Kind);
        Assert.Equal(now.AddHours(-25), alarm.Since);
    }

    [Fact]
    public async Task Mail_ToAPickupDirectory_OneMailWithoutPersonalData()
    {
        var dir = Directory.CreateTempSubdirectory("vern-mail-").FullName;
        try
        {
            var alarms = new[] { new IntakeAlarm(AlarmKind.Silence, "meldeportal", null, T0, "Ingen meldinger fra meldeportal på 8 døgn.") };
            await AlarmMail.SendAsync(new MailSettings("leder@kommune.no", "vern@kommune.no", dir, null), "4601", alarms, T0);
            var mail = File.ReadAllText(Assert.Single(Directory.GetFiles(dir, "*.eml")));
            Assert.Contains("leder@kommune.no", mail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
