using Vern.Tests;
using System.Collections.Immutable;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;

namespace Vern.Domain.Tests.Cases;

/// <summary>Tiny builders so tests read as table rows.</summary>
internal static class B
{
    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static readonly DateOnly Today = D(2026, 11, 23);

    private static int _seed = 1;

    public static DecisionContext Ctx(DateOnly? today = null)
    {
        var random = new Random(_seed++);
        return new DecisionContext(today ?? Today, TestReference.CodeLists.Value, () => Ids.NewUuid(random));
    }

    public static readonly CaseId Id = new(Guid.Parse("6f1c1c3e-6a3b-4c55-9a0e-1d2b3c4d5e6f"));

    /// <summary>A valid fødselsnummer for a girl born 2015-03-14.</summary>
    public static readonly string GirlFnr = Enumerable.Range(50, 50).Select(i => PersonIdentifier.Create(D(2015, 3, 14), i * 10 + 2)).First(p => p is not null)!.Value; // individual 5xx: born 2000–2039; even ninth digit: female

    public static OpenCase Open(DateOnly? on = null, string? fnr = null) =>
        new("4601", "2024/17", on ?? D(2024, 1, 10), new ChildInput(fnr ?? GirlFnr, null, Sex.Female, GivenName: "Kari", FamilyName: "Nordmann"));

    public static ImmutableList<CodedValue> Codes(params string[] codes) => codes.Select(c => new CodedValue(c)).ToImmutableList();

    public static LegalBasis Bvl2021(string chapter, string section, params string[] ledd) => new("BVL2021", chapter, section, [.. ledd]);

    /// <summary>Applies commands in order; returns the final state and all events.</summary>
    public static (CaseState State, List<CaseEvent> Events) Run(params CaseCommand[] commands)
    {
        CaseState? state = null;
        var all = new List<CaseEvent>();
        var ctx = Ctx();
        foreach (var c in commands)
        {
            var events = CaseDecider.Decide(state, Id, c, ctx);
            foreach (var e in events)
                state = CaseProjection.Apply(state, Id, e);
            all.AddRange(events);
        }
        return (state!, all);
    }
}
