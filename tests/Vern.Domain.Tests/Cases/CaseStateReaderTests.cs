using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using static Vern.Domain.Tests.Cases.B;

namespace Vern.Domain.Tests.Cases;

/// <summary><see cref="CaseJson.ReadState(ReadOnlySpan{byte})"/> decodes a stored case state with its own reader
/// (<see cref="CaseStateReader"/>) and must give the state System.Text.Json gives (the decoder every stored state was read
/// with before): compared by encoding both results again.</summary>
public class CaseStateReaderTests
{
    private static int _next;

    private static Guid G() => new($"00000000-0000-4000-8000-{Interlocked.Increment(ref _next):D12}");

    private static EntryId E() => new(G());

    private static ImmutableList<LegalBasis> Bases() =>
        [new LegalBasis("BVL", "4", "6", ["2"]), new LegalBasis("BVL2021", "3", "1", ["1", "2"], ["a", "b"], ["1"])];

    private static VisitSchedule Schedule() => new(
        [new VisitFrequency(E(), D(2024, 3, 1), 4), new VisitFrequency(E(), D(2026, 3, 1), 2, ChildConsented: true)],
        [new ResponsibleMunicipality(E(), D(2024, 3, 1), "4601")],
        [new Visit(E(), D(2024, 5, 2)), new Visit(E(), D(2024, 8, 30))]);

    /// <summary>A case with every part filled in: every list with entries, every optional value set, every init property,
    /// and a nested <see cref="CaseState.DeletedInFile"/>.</summary>
    private static CaseState EveryPart(bool nested = true)
    {
        var report = E();
        var investigation = E();
        var referral = E();
        var decision = E();
        return new CaseState(
            new CaseId(G()), 42, "4601", "2024/17", D(2024, 1, 10), D(2030, 12, 31), "sb-4601-01",
            [new PersonalDetails(E(), D(2024, 1, 10), "14031550034", D(2015, 3, 14), Sex.Female, "123456789012", "Kari", "Nordmann",
                AddressProtection.StrictlyConfidential),
             new PersonalDetails(E(), D(2025, 1, 1), null, D(2015, 3, 14), Sex.Unborn, null, null, null)],
            [new ReportOfConcern(report, D(2024, 1, 10), [new CodedValue("11"), new CodedValue("9", "nabo «med» \"sitat\"")], Codes("8", "25"),
                new ReportConclusion(D(2024, 1, 15), "2"),
                [new ReporterFeedback(D(2024, 1, 20), ReporterFeedbackKind.Receipt), new ReporterFeedback(D(2024, 4, 1), ReporterFeedbackKind.AfterInvestigation)]),
             new ReportOfConcern(E(), D(2024, 6, 1), Codes("1"), [], null)],
            [new Investigation(investigation, report, D(2024, 1, 15), new DeadlineExtension(D(2024, 3, 1), true),
                new InvestigationConclusion(D(2024, 4, 1), new CodedValue("1"), Codes("14", "6")), new ChildParticipation(D(2024, 2, 1), "1.1"),
                Codes("3")),
             new Investigation(E(), report, D(2024, 6, 2), new DeadlineExtension(D(2024, 8, 1), null), null)],
            [new Decision(decision, D(2024, 4, 2), Bases()[1], Bases(), [new DecisionStatus(E(), D(2024, 4, 2), "2"), new DecisionStatus(E(), D(2024, 5, 1), "1")],
                investigation, referral, D(2026, 4, 2), [D(2025, 4, 2), D(2025, 10, 2)],
                [new Claim(E(), D(2025, 1, 5), new ClaimConclusion(D(2025, 2, 1), new CodedValue("9", "annet"))), new Claim(E(), D(2025, 6, 1), null)]),
             new Decision(E(), D(2024, 4, 2), Bases()[0], [], [new DecisionStatus(E(), D(2024, 4, 2), "1")], null, null, null)],
            [new Measure(E(), decision, D(2024, 5, 1), Bases()[1], new CodedValue("2.1"), Codes("23"), Schedule(), Schedule(),
                new CodedValue("1.2", "flyttet"), D(2026, 4, 2), Bases(), [D(2026, 3, 20), D(2026, 4, 10)]),
             new Measure(E(), decision, D(2024, 5, 1), Bases()[0], new CodedValue("3.2"), [], null, null, null, null)],
            [new Plan(E(), D(2024, 5, 1), "4", [D(2024, 8, 1), D(2024, 11, 1)], D(2026, 4, 2)), new Plan(E(), D(2024, 5, 1), "1", [], null)],
            [new Aftercare(E(), D(2033, 3, 14), new AftercareConclusion(D(2033, 4, 1), "1")), new Aftercare(E(), D(2033, 5, 1), null)],
            [new CountyBoardReferral(referral, D(2024, 4, 2), Bases()[1], Bases())],
            [new Move(E(), D(2024, 5, 1), new CodedValue("1.1.4"), new CodedValue("2", "fosterhjem"))],
            [new Retraction(E(), EntryKind.OversendelseFylkesnemnd, D(2024, 7, 1), "feilregistrert"), new Retraction(E(), EntryKind.Flytting, D(2024, 7, 2), "dobbel")])
        {
            Bydel = "01",
            BydelName = "Gamle Oslo",
            MigratedIds = ImmutableDictionary<Guid, string>.Empty.Add(G(), "SAK-17").Add(G(), "MELDING-3"),
            Relations = [new Relation(G(), report, EntryKind.Melding, investigation, EntryKind.Undersokelse)],
            DeletedElements = [new DeletedElement(G(), "Tiltak", D(2024, 9, 1))],
            DeletionFlags = ImmutableDictionary<string, bool>.Empty.Add("Sak", false).Add(G().ToString("D") + "/Konklusjon", true),
            DeletedInFile = nested ? EveryPart(nested: false) with { DeletedInFile = null } : null,
        };
    }

    private static string Encode(CaseState state) => JsonSerializer.Serialize(state, CaseJson.Options);

    private static CaseState? SystemTextJson(string json) => JsonSerializer.Deserialize<CaseState>(json, CaseJson.Options);

    [Fact]
    public void TryRead_EveryPartOfACase_GivesTheStateSystemTextJsonGives()
    {
        var json = Encode(EveryPart());

        Assert.True(CaseStateReader.TryRead(Encoding.UTF8.GetBytes(json), out var read)); // the written shape: no fallback
        Assert.Equal(Encode(SystemTextJson(json)!), Encode(read!));
        Assert.Equal(json, Encode(read!));
        Assert.Equal(json, Encode(CaseJson.ReadState(json)));
        Assert.Equal(SystemTextJson(json)!.Child, read!.Child); // records without lists compare by value
    }

    /// <summary>Every property System.Text.Json reads into the state's records (constructor parameters and settable
    /// properties) appears somewhere in <see cref="EveryPart"/>'s JSON, so the test above covers each one; a property
    /// added to a record later fails here until the builder, and the reader, know it.</summary>
    [Fact]
    public void EveryPart_WritesEveryPropertyTheStateReads()
    {
        var seen = new Dictionary<Type, HashSet<string>>();
        var expected = new Dictionary<Type, HashSet<string>>();
        Walk(CaseJson.Options.GetTypeInfo(typeof(CaseState)), JsonNode.Parse(Encode(EveryPart())));

        foreach (var (type, names) in expected)
            Assert.True(names.IsSubsetOf(seen[type]), $"{type.Name}: {string.Join(", ", names.Except(seen[type]))} not in the test's case");

        void Walk(JsonTypeInfo info, JsonNode? node)
        {
            if (node is null)
                return;
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    expected.TryAdd(info.Type, [.. info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name)]);
                    var names = seen.TryGetValue(info.Type, out var s) ? s : seen[info.Type] = [];
                    foreach (var p in info.Properties)
                    {
                        if (node.AsObject().TryGetPropertyValue(p.Name, out var value))
                        {
                            names.Add(p.Name);
                            Walk(CaseJson.Options.GetTypeInfo(p.PropertyType), value);
                        }
                    }

                    break;
                case JsonTypeInfoKind.Enumerable:
                    foreach (var item in node.AsArray())
                        Walk(CaseJson.Options.GetTypeInfo(info.ElementType!), item);
                    break;
            }
        }
    }

    /// <summary>Documents not in the written shape (what an older Vern or a hand-edited file might hold) go to System.Text.Json,
    /// which reads them as before: names in another case, a number as a string, an enum as a number, a property unknown to
    /// the records, a list left out (an older snapshot).</summary>
    [Theory]
    [InlineData("\"journalNumber\"", "\"JournalNumber\"", false)]
    [InlineData("\"version\":42", "\"version\":\"42\"", false)]
    [InlineData("\"sex\":\"female\"", "\"sex\":2", false)]
    [InlineData("\"bydel\":\"01\"", "\"bydel\":\"01\",\"comment\":{\"a\":[1,2]}", false)]
    [InlineData(",\"retractions\":[]", "", true)]
    public void ReadState_OtherShapes_ReadAsSystemTextJsonReadsThem(string from, string to, bool readerTakesIt)
    {
        var state = EveryPart(nested: false) with { Retractions = [] };
        var original = Encode(state);
        Assert.Contains(from, original, StringComparison.Ordinal);
        var json = original.Replace(from, to, StringComparison.Ordinal);

        Assert.Equal(readerTakesIt, CaseStateReader.TryRead(Encoding.UTF8.GetBytes(json), out _));
        Assert.Equal(Encode(SystemTextJson(json)!), Encode(CaseJson.ReadState(json)));
    }

    /// <summary>A null where the records allow none is refused as System.Text.Json refuses it
    /// (<see cref="JsonSerializerOptions.RespectNullableAnnotations"/>).</summary>
    [Fact]
    public void ReadState_NullForARequiredValue_IsRefusedAsBefore()
    {
        var json = Encode(EveryPart(nested: false)).Replace("\"journalNumber\":\"2024/17\"", "\"journalNumber\":null", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => SystemTextJson(json));
        Assert.Throws<JsonException>(() => CaseJson.ReadState(json));
    }
}
