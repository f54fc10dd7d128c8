using Vern.Simulation;

namespace Vern.Simulation.Tests;

/// <summary>Scenario files: JSON and YAML read the same; a bad file is refused with every error naming the line, the
/// field and the rule, and yields no scenario.</summary>
public class ScenarioReaderTests
{
    private static readonly string Vista = ScenarioReader.BuiltinText("vista2016");

    /// <summary>The 1-based line of the first line containing <paramref name="marker"/>.</summary>
    private static int LineOf(string text, string marker) =>
        text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(marker, StringComparison.Ordinal)).i + 1;

    private static ScenarioError SingleError(string text, string file = "s.json") =>
        Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioReader.Read(text, file)).Errors);

    [Fact]
    public void Builtins_ListsVista2016()
    {
        Assert.Contains("vista2016", ScenarioReader.Builtins);
    }

    [Fact]
    public void Read_NegativeCount_NamesLineFieldAndRule()
    {
        var text = Vista.Replace("\"currentUse\": 123,", "\"currentUse\": -123,", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("phases[1].currentUse", error.Path);
        Assert.Equal(LineOf(text, "-123"), error.Line);
        Assert.Equal("Scenario.Range", error.Rule);
        Assert.Contains("-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RangeOutOfOrder_IsRefused()
    {
        var text = Vista.Replace("\"dayPrice\": { \"low\": 5200, \"mode\": 5400, \"high\": 5600 }", "\"dayPrice\": { \"low\": 5200, \"mode\": 5800, \"high\": 5600 }", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("steps[5].dayPrice", error.Path);
        Assert.Equal("Scenario.RangeOrder", error.Rule);
        Assert.Equal(LineOf(text, "5800"), error.Line);
    }

    [Fact]
    public void Read_UnknownStepInAlternative_NamesTheReference()
    {
        var text = Vista.Replace("\"steps\": [\"high-uncertainty\", \"age-0-6\"]\n", "\"steps\": [\"high-uncertainty\", \"age-0-5\"]\n", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("alternatives[3].steps[1]", error.Path);
        Assert.Equal("Scenario.Reference", error.Rule);
        Assert.Equal(LineOf(text, "age-0-5"), error.Line);
    }

    [Fact]
    public void Read_MissingNeed_IsRequiredAtThePhase()
    {
        var text = Vista.Replace("\"need\": { \"low\": 110, \"mode\": 130, \"high\": 150 },", "", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("phases[1].need", error.Path);
        Assert.Equal("Scenario.Required", error.Rule);
        Assert.Equal(LineOf(text, "\"id\": \"guidance\"") - 1, error.Line); // the phase object's opening brace
    }

    [Fact]
    public void Read_AgeSharesNotSummingToOne_IsRefused()
    {
        var text = Vista.Replace("{ \"id\": \"over 6\", \"share\": 0.05 }", "{ \"id\": \"over 6\", \"share\": 0.15 }", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("ageGroups", error.Path);
        Assert.Equal("Scenario.SharesSumToOne", error.Rule);
    }

    [Fact]
    public void Read_CoPaymentWithBothRates_IsRefused()
    {
        var text = Vista.Replace("\"residential\": { \"perMonth\": 66900 },", "\"residential\": { \"perMonth\": 66900, \"shareOfCost\": 0.25 },", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("coPayment.residential", error.Path);
        Assert.Equal("Scenario.CoPaymentRate", error.Rule);
    }

    [Fact]
    public void Read_SeveralErrors_AreAllReported()
    {
        var text = Vista
            .Replace("\"currentUse\": 247,", "\"currentUse\": \"many\",", StringComparison.Ordinal)
            .Replace("\"kind\": \"flexibleOffer\"", "\"kind\": \"flexible\"", StringComparison.Ordinal)
            .Replace("\"baseline\": \"today\"", "\"baseline\": \"yesterday\"", StringComparison.Ordinal);
        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Read(text, "s.json")).Errors;
        Assert.Contains(errors, e => e.Path == "phases[0].currentUse" && e.Rule == "Scenario.Type" && e.Line == LineOf(text, "\"many\""));
        Assert.Contains(errors, e => e.Path == "steps[3].kind" && e.Rule == "Scenario.Enum");
        Assert.Contains(errors, e => e.Path == "baseline" && e.Rule == "Scenario.Reference");
    }

    [Fact]
    public void Read_MalformedJson_NamesTheLine()
    {
        var text = Vista.Replace("\"currency\": \"kroner (2016)\",", "\"currency\": \"kroner (2016)\" \"oops\",", StringComparison.Ordinal);
        var error = SingleError(text);
        Assert.Equal("Scenario.WellFormed", error.Rule);
        Assert.Equal(LineOf(text, "oops"), error.Line);
    }

    private const string SmallJson = """
        {
          "format": "vern-scenario/1",
          "name": "small",
          "title": "Liten test",
          "currency": "kroner",
          "sources": ["test"],
          "daysPerMonth": 30,
          "baseline": "today",
          "freedMeasuresPhase": "a",
          "dutyToAssistEffect": 0.2,
          "capacity": { "measures": 10 },
          "ageGroups": [ { "id": "all", "share": 1 } ],
          "phases": [
            { "id": "a", "name": "Utredning", "need": 12, "currentUse": 10,
              "residential": { "days": 30, "dayPrice": 1000 }, "homeBased": { "days": 60, "dayPrice": 250 },
              "priceElasticity": -0.5, "chokePriceRatio": null }
          ],
          "coPayment": { "residential": { "perMonth": 6000 }, "homeBased": { "shareOfCost": 0.5 } },
          "steps": [ { "id": "flex", "name": "Fleksibel", "kind": "flexibleOffer" } ],
          "alternatives": [
            { "id": "today", "name": "I dag", "source": "t", "dutyToAssist": false, "homeBasedShare": { "a": 0 },
              "stateFinances": ["a"], "demandEffects": [], "steps": [] },
            { "id": "new", "name": "Ny", "source": "t", "dutyToAssist": true, "homeBasedShare": { "a": 0.5 },
              "stateFinances": ["a"], "coPayment": { "residential": { "perMonth": 9000 }, "homeBased": { "shareOfCost": 0.5 } },
              "demandEffects": [ { "phase": "a", "change": -0.1, "reason": "r" } ], "steps": ["flex"] }
          ]
        }
        """;

    private const string SmallYaml = """
        format: vern-scenario/1
        name: small
        title: Liten test
        currency: kroner
        sources: [test]
        daysPerMonth: 30
        baseline: today
        freedMeasuresPhase: a
        dutyToAssistEffect: 0.2
        capacity: { measures: 10 }
        ageGroups:
          - { id: all, share: 1 }
        phases:
          - id: a
            name: Utredning
            need: 12
            currentUse: 10
            residential: { days: 30, dayPrice: 1000 }
            homeBased: { days: 60, dayPrice: 250 }
            priceElasticity: -0.5
            chokePriceRatio: null
        coPayment:
          residential: { perMonth: 6000 }
          homeBased: { shareOfCost: 0.5 }
        steps:
          - { id: flex, name: Fleksibel, kind: flexibleOffer }
        alternatives:
          - id: today
            name: I dag
            source: t
            dutyToAssist: false
            homeBasedShare: { a: 0 }
            stateFinances: [a]
            demandEffects: []
            steps: []
          - id: new
            name: Ny
            source: t
            dutyToAssist: true
            homeBasedShare: { a: 0.5 }
            stateFinances: [a]
            coPayment:
              residential: { perMonth: 9000 }
              homeBased: { shareOfCost: 0.5 }
            demandEffects:
              - { phase: a, change: -0.1, reason: r }
            steps: [flex]
        """;

    // A worked example by hand: need 12; duty +0.2, effect −0.1, price 9 000 / 6 000 = 1.5 so −0.5 × 0.5 = −0.25:
    // demand 12 × (1 + 0.2 − 0.1 − 0.25) = 10.2. Chain: 10 measures × 30 000 = 300 000 today; flexible 5 × 30 000 +
    // 5 × 15 000 = 225 000, saving 75 000 = 2.5 residential measures.
    [Fact]
    public void Read_YamlAndJson_GiveTheSameResult()
    {
        var fromJson = SimulationEngine.Run(ScenarioReader.Read(SmallJson, "small.json"));
        var fromYaml = SimulationEngine.Run(ScenarioReader.Read(SmallYaml, "small.yaml"));
        var json = fromJson.Alternatives.Single(a => a.Id == "new").Outcome;
        Assert.Equal(json, fromYaml.Alternatives.Single(a => a.Id == "new").Outcome);
        Assert.Equal(10.2, json.Demand, 9);
        Assert.Equal(75_000, json.Savings, 6);
        Assert.Equal(2.5, json.FreedResidential, 9);
    }

    [Fact]
    public void Read_YamlError_NamesTheYamlLine()
    {
        var text = SmallYaml.Replace("currentUse: 10", "currentUse: ten", StringComparison.Ordinal);
        var error = SingleError(text, "small.yaml");
        Assert.Equal("phases[0].currentUse", error.Path);
        Assert.Equal("Scenario.Type", error.Rule);
        Assert.Equal(LineOf(text, "currentUse: ten"), error.Line);
    }

    [Fact]
    public void Read_MalformedYaml_NamesTheLine()
    {
        var text = SmallYaml.Replace("capacity: { measures: 10 }", "capacity: { measures: 10", StringComparison.Ordinal);
        var error = SingleError(text, "small.yaml");
        Assert.Equal("Scenario.WellFormed", error.Rule);
        Assert.InRange(error.Line, LineOf(text, "capacity:"), LineOf(text, "capacity:") + 2);
    }
}
