using Vern.Domain.Cases;
using Vern.Domain.Parties;
using Vern.Domain.People;
using Vern.Storage;
using Vern.Storage.Parties;

namespace Vern.Synthetic;

/// <summary>Persons for the demo municipality's cases (issue 18 part 3), so that a party's access copy has something to
/// show and to leave out: the child's address (about 3 % strictly confidential), the mother and the father with their
/// fødselsnummer and address (the father without parental responsibility in about 15 % of cases), and, for a report
/// from a private person (Melder 3 «familie for øvrig» or 4 «andre privatpersoner»), the reporter — who asked for
/// anonymity in about 60 % of such reports. Names and numbers are made up; any likeness to a real person is chance.</summary>
public static class DemoParties
{
    private static readonly string[] Streets = ["Storgata", "Fjordveien", "Skolebakken", "Elvegata", "Kirkeveien", "Strandveien", "Bjørkelia", "Furuveien", "Havnegata", "Lyngveien"];

    /// <summary>Adds the persons to every case of <paramref name="municipality"/>; returns how many were added. The first
    /// case with a private reporter and a decision always gets both an anonymous reporter and a strictly confidential child address, so
    /// the demo shows every kind of redaction.</summary>
    /// <remarks>Recorded by the case's caseworker, or by <paramref name="fallbackAuthor"/> (the demo's leader) for a case without one.</remarks>
    public static async Task<int> GenerateAsync(ICaseSnapshots cases, IPartyStore parties, string municipality, int seed, DateTimeOffset at,
        string fallbackAuthor, CancellationToken cancellationToken = default)
    {
        var random = new Random(seed ^ 0x5A17);
        var people = new List<CasePerson>();
        var showcase = true;
        await foreach (var state in cases.ReadStatesAsync(MunicipalityScope.Of(municipality), cancellationToken))
        {
            var by = state.CaseworkerId ?? fallbackAuthor;
            var privateReports = state.Reports.Where(r => r.Reporters.Any(c => c.Code is "3" or "4")).ToList();
            var full = showcase && privateReports.Count > 0 && state.Decisions.Count > 0;
            showcase &= !full;
            CasePerson Person(PersonRole role, string name, string? fnr, string? address, AddressProtection protection = AddressProtection.None,
                bool responsibility = false, EntryId? report = null, bool anonymous = false) =>
                new(new PersonId(Ids.NewUuid(random)), state.Id, 1, role, name, fnr, address, protection, responsibility, report, anonymous, null, by, at);

            var family = state.Child.FamilyName ?? Names.Family[random.Next(Names.Family.Length)];
            var home = Address(random);
            var childProtection = full || random.NextDouble() < 0.03 ? AddressProtection.StrictlyConfidential : AddressProtection.None;
            var childName = string.Join(' ', new[] { state.Child.GivenName, state.Child.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            people.Add(Person(PersonRole.Child, childName, state.Child.Identifier, home, childProtection));
            var motherBirth = state.Child.BirthDate.AddYears(-random.Next(22, 41)).AddDays(-random.Next(0, 365));
            people.Add(Person(PersonRole.Parent, $"{Names.Girls[random.Next(Names.Girls.Length)]} {family}", Fnr(motherBirth, random, female: true),
                home, childProtection, responsibility: true));
            var fatherBirth = state.Child.BirthDate.AddYears(-random.Next(23, 46)).AddDays(-random.Next(0, 365));
            people.Add(Person(PersonRole.Parent, $"{Names.Boys[random.Next(Names.Boys.Length)]} {Names.Family[random.Next(Names.Family.Length)]}",
                Fnr(fatherBirth, random, female: false), Address(random), responsibility: full || random.NextDouble() >= 0.15));
            foreach (var r in privateReports)
            {
                var anonymous = full || random.NextDouble() < 0.6;
                full = false;
                var reporterBirth = r.ReceivedOn.AddYears(-random.Next(25, 70)).AddDays(-random.Next(0, 365));
                var female = random.Next(2) == 0;
                var given = female ? Names.Girls : Names.Boys;
                people.Add(Person(PersonRole.Reporter, $"{given[random.Next(given.Length)]} {Names.Family[random.Next(Names.Family.Length)]}",
                    Fnr(reporterBirth, random, female), Address(random), report: r.Id, anonymous: anonymous));
            }
        }
        await parties.AppendPersonsAsync(people, municipality, cancellationToken);
        return people.Count;
    }

    private static string Address(Random random) =>
        $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 120)}, 77{random.Next(10, 99)} Vernvik";

    /// <summary>A valid fødselsnummer for the date (individual number odd for men, even for women; 500–749 for births from 2000).</summary>
    private static string? Fnr(DateOnly birth, Random random, bool female)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var individual = (birth.Year >= 2000 ? 500 : 0) + random.Next(0, 249) * 2 + (female ? 0 : 1);
            if (PersonIdentifier.Create(birth, individual) is { } id)
                return id.Value;
        }
        return null;
    }
}
