using System.Text.Json;
using Vern.Deadlines.Engine;
using Vern.Deadlines.Facts;
using Vern.Domain.Cases;

namespace Vern.Deadlines.Tests.Suites;

/// <summary>Boundary cases as data files (Suites/*.json): each has a name, the rule and its source, a case, an
/// evaluation date and the expected duties. Every expected duty states, as literals, its Act (which version of the
/// rule applies: "BVL" for barnevernloven 1992, "BVL2021" for barnevernsloven), its due date, its register due date
/// (SSB's day count; <c>null</c> where no SSB control counts the deadline) and its status. A file that leaves one
/// out fails: nothing is taken from the engine's output. One theory runs every file.</summary>
public class RuleSuiteTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What every element of "expects" must state.</summary>
    private static readonly string[] RequiredExpectKeys = ["rule", "act", "dueDate", "registerDueDate", "status"];

    /// <summary>What every suite file must state.</summary>
    private static readonly string[] RequiredSuiteKeys = ["name", "rule", "source", "asOf", "openOnly", "case", "expects"];

    private sealed record SuiteCase(
        DateOnly? BirthDate,
        List<SuiteReport>? Reports,
        List<SuiteInvestigation>? Investigations,
        List<SuiteMeasure>? Measures,
        List<SuitePlan>? Plans,
        List<SuiteDecision>? Decisions,
        List<DateOnly>? AftercareOffers,
        List<DateOnly>? CountyBoardReferrals,
        DateOnly? ClosedOn);

    /// <param name="Answerable">The reporter can be given feedback (not anonymous, not the service itself).</param>
    /// <param name="Feedback">The day feedback confirming receipt was given.</param>
    private sealed record SuiteReport(DateOnly Received, DateOnly? Reviewed, bool? Answerable = null, DateOnly? Feedback = null);

    /// <param name="PublicReporter">The report came from a public reporter, owed feedback after the investigation.</param>
    /// <param name="Feedback">The day that feedback was given.</param>
    private sealed record SuiteInvestigation(DateOnly Received, DateOnly? Reviewed, bool? Extension, DateOnly? Concluded,
        DateOnly? Started = null, bool? PublicReporter = null, DateOnly? Feedback = null);

    /// <param name="Termination">Opphevelse: the reason the measure ends (code).</param>
    /// <param name="CareOrderPlacement">A care order's placement (omsorgsovertakelse and plasseringstiltak, Kravspesifikasjon Definisjoner).</param>
    /// <param name="ReturnFollowUpOffers">Days follow-up after the return home was offered.</param>
    private sealed record SuiteMeasure(string Basis, string Category, DateOnly Started, DateOnly? Ended, List<DateOnly>? FollowUpVisits, List<SuiteFrequency>? FollowUpFrequencies,
        List<DateOnly>? SupervisionVisits = null, List<SuiteFrequency>? SupervisionFrequencies = null,
        string? Termination = null, bool? CareOrderPlacement = null, List<DateOnly>? ReturnFollowUpOffers = null);

    private sealed record SuiteFrequency(DateOnly From, int PerYear, bool? ChildConsented = null);

    private sealed record SuitePlan(string Type, DateOnly Started, DateOnly? Ended, List<DateOnly>? Evaluations);

    private sealed record SuiteDecision(string Basis, DateOnly Decided, DateOnly? Approved, DateOnly? Ended, List<DateOnly>? Reassessments = null);

    /// <param name="Citation">The rule version's citation, compared where the file gives one (e.g. to tell two versions of one Act apart).</param>
    /// <param name="Detail">The duty's detail text, compared where the file gives one (e.g. that a decision lapsed).</param>
    /// <param name="Basis">Where the deadline comes from (Law, Regulation, Guidance, LocalRoutine), compared where given.</param>
    private sealed record Expected(string Rule, string Act, DateOnly DueDate, DateOnly? RegisterDueDate, string Status,
        string? Citation = null, string? Detail = null, string? Basis = null);

    private sealed record Suite(string Name, string Rule, string Source, DateOnly AsOf, bool OpenOnly, SuiteCase Case, List<Expected> Expects);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Suites"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Evaluate_SuiteFile_GivesTheExpectedDuties(string file)
    {
        var suite = Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Suites", file)), file);
        var facts = ToFacts(suite.Case);
        var duties = suite.OpenOnly ? DeadlineEngine.Open(facts, suite.AsOf, F.Book) : DeadlineEngine.Evaluate(facts, suite.AsOf, F.Book);
        var actual = duties.Where(d => d.Rule.Id == suite.Rule)
            .Select(d => new Expected(d.Rule.Id, d.Rule.Act, d.DueDate, d.RegisterDueDate, d.Status.ToString(),
                d.Rule.Source.Citation, d.Detail, d.Rule.Basis?.ToString())).ToList();
        // The citation, the detail and the basis are compared only where the file gives them; the rest always.
        actual = actual.Select((a, i) => i >= suite.Expects.Count ? a : a with
        {
            Citation = suite.Expects[i].Citation is null ? null : a.Citation,
            Detail = suite.Expects[i].Detail is null ? null : a.Detail,
            Basis = suite.Expects[i].Basis is null ? null : a.Basis,
        }).ToList();
        Assert.True(suite.Expects.SequenceEqual(actual),
            $"{file}: {suite.Name} ({suite.Source}): expected [{string.Join("; ", suite.Expects)}] but got [{string.Join("; ", actual)}]");
    }

    [Fact]
    public void Read_ExpectWithoutAct_FailsNamingFileAndKey()
    {
        var json = """
            { "name": "n", "rule": "melding-gjennomgang", "source": "s", "asOf": "2024-02-01", "openOnly": true, "case": {},
              "expects": [ { "rule": "melding-gjennomgang", "dueDate": "2024-01-08", "registerDueDate": "2024-01-08", "status": "Open" } ] }
            """;
        var e = Assert.Throws<InvalidDataException>(() => Read(json, "x.json"));
        Assert.Equal("x.json: expects[0] must state \"act\" (use null where the value is none).", e.Message);
    }

    [Fact]
    public void Read_ExpectWithoutRegisterDueDate_FailsNamingFileAndKey()
    {
        var json = """
            { "name": "n", "rule": "oppfolgingsbesok", "source": "s", "asOf": "2024-02-01", "openOnly": true, "case": {},
              "expects": [ { "rule": "oppfolgingsbesok", "act": "BVL2021", "dueDate": "2024-01-08", "status": "Open" } ] }
            """;
        var e = Assert.Throws<InvalidDataException>(() => Read(json, "y.json"));
        Assert.Equal("y.json: expects[0] must state \"registerDueDate\" (use null where the value is none).", e.Message);
    }

    [Fact]
    public void Read_SuiteWithoutSource_FailsNamingFileAndKey()
    {
        var json = """{ "name": "n", "rule": "r", "asOf": "2024-02-01", "openOnly": true, "case": {}, "expects": [] }""";
        var e = Assert.Throws<InvalidDataException>(() => Read(json, "z.json"));
        Assert.Equal("z.json must state \"source\".", e.Message);
    }

    [Fact]
    public void Read_SuiteWithNoExpectedDuty_Fails()
    {
        var json = """{ "name": "n", "rule": "r", "source": "s", "asOf": "2024-02-01", "openOnly": true, "case": {}, "expects": [] }""";
        var e = Assert.Throws<InvalidDataException>(() => Read(json, "w.json"));
        Assert.Equal("w.json: \"expects\" lists no duty.", e.Message);
    }

    /// <summary>Reads a suite file, refusing one that leaves out a key every suite must state.</summary>
    private static Suite Read(string json, string file)
    {
        using (var doc = JsonDocument.Parse(json))
        {
            var root = doc.RootElement;
            foreach (var key in RequiredSuiteKeys)
                if (!root.TryGetProperty(key, out _))
                    throw new InvalidDataException($"{file} must state \"{key}\".");
            var expects = root.GetProperty("expects");
            if (expects.GetArrayLength() == 0)
                throw new InvalidDataException($"{file}: \"expects\" lists no duty.");
            var i = 0;
            foreach (var expect in expects.EnumerateArray())
            {
                foreach (var key in RequiredExpectKeys)
                    if (!expect.TryGetProperty(key, out _))
                        throw new InvalidDataException($"{file}: expects[{i}] must state \"{key}\" (use null where the value is none).");
                i++;
            }
        }
        return JsonSerializer.Deserialize<Suite>(json, Json)!;
    }

    private static CaseFacts ToFacts(SuiteCase c) => F.Case(birth: c.BirthDate) with
    {
        ClosedOn = c.ClosedOn,
        Reports = (c.Reports ?? []).Select(r => new ReportFact(F.Entry(), r.Received, r.Reviewed, r.Answerable ?? false, r.Feedback)).ToArray(),
        Investigations = (c.Investigations ?? []).Select(i => new InvestigationFact(F.Entry(), i.Received, i.Reviewed, i.Started ?? i.Reviewed ?? i.Received,
            i.Extension, i.Concluded, i.PublicReporter ?? false, i.Feedback)).ToArray(),
        Measures = (c.Measures ?? []).Select(m => new MeasureFact(F.Entry(), m.Basis, m.Category, m.Started, m.Ended,
            Schedule(m.FollowUpVisits, m.FollowUpFrequencies), Schedule(m.SupervisionVisits, m.SupervisionFrequencies),
            m.Termination, m.CareOrderPlacement ?? false, m.ReturnFollowUpOffers?.ToArray())).ToArray(),
        Plans = (c.Plans ?? []).Select(p => new PlanFact(F.Entry(), p.Type, p.Started, p.Ended, (p.Evaluations ?? []).ToArray())).ToArray(),
        Decisions = (c.Decisions ?? []).Select(d => new DecisionFact(F.Entry(), d.Basis, d.Decided, d.Approved, d.Ended, d.Reassessments?.ToArray())).ToArray(),
        AftercareOffers = (c.AftercareOffers ?? []).ToArray(),
        CountyBoardReferrals = (c.CountyBoardReferrals ?? []).ToArray(),
    };

    private static VisitFacts? Schedule(List<DateOnly>? visits, List<SuiteFrequency>? frequencies) =>
        visits is null && frequencies is null ? null
            : new VisitFacts((frequencies ?? []).Select(f => new FrequencyFact(f.From, f.PerYear, f.ChildConsented ?? false)).ToArray(), (visits ?? []).ToArray());
}
