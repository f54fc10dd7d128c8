using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Domain.People;

namespace Vern.Synthetic;

/// <summary>The demo's intake (issue 18 part 1): a handful of reports of concern waiting in the demo service's inbox, so that
/// <c>/innboks</c>, the dashboard's intake overview and its alarms show something in a fresh demo. One report has waited three
/// days (past the default 24-hour inbox limit: the inbox-age alarm); one is about a child the service already has a case
/// for (the inbox shows that case as a possible duplicate before anyone picks "new case"); the rest are new children.
/// Synthetic: names from the generator's lists, no fødselsnummer on the children that are new.</summary>
public static class DemoIntake
{
    /// <summary>A report as a sender system delivered it, <see cref="Age"/> before the demo's "now".</summary>
    public sealed record DemoReport(string Sender, TimeSpan Age, IncomingReport Report);

    /// <param name="known">A child the service already has (its case's personalia), for the report about a known child; null
    /// leaves that report out.</param>
    public static IReadOnlyList<DemoReport> Reports(string municipalityNumber, DateTimeOffset now, ChildInput? known, int seed)
    {
        var rng = new Random(seed);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        IncomingChild NewChild(Sex sex, int age) => new(null, (sex == Sex.Female ? Names.Girls : Names.Boys)[rng.Next(sex == Sex.Female ? Names.Girls.Length : Names.Boys.Length)],
            Names.Family[rng.Next(Names.Family.Length)], today.AddYears(-age).AddDays(-rng.Next(0, 365)), sex);
        IncomingReport Report(int n, string kind, IncomingChild child, string description, IncomingReporter reporter, TimeSpan age) =>
            new($"demo-{seed}-{n}", kind, municipalityNumber, child, description, reporter, now - age);
        var reports = new List<DemoReport>
        {
            new("meldeportal", TimeSpan.FromDays(3), Report(1, SenderKinds.NationalForm, NewChild(Sex.Female, 8),
                "Jenta har kommet på skolen uten mat og uten yttertøy flere dager den siste måneden. Hun sier at mor sover når hun går.",
                new IncomingReporter("Lærer ved barneskolen", "lærer", null, null, Anonymous: true), TimeSpan.FromDays(3))),
            new("helsestasjonen", TimeSpan.FromHours(6), Report(2, SenderKinds.HealthStation, NewChild(Sex.Male, 1),
                "Gutten har ikke vært på de siste to kontrollene, og vekten lå under forventet kurve ved forrige besøk.",
                new IncomingReporter("Helsesykepleier", "helsesykepleier", null, null), TimeSpan.FromHours(6))),
            new("meldeportal", TimeSpan.FromMinutes(40), Report(3, SenderKinds.NationalForm, NewChild(Sex.Male, 14),
                "Naboer hører høylytte krangler sent på kvelden og har sett gutten sitte i trappeoppgangen til langt på natt.",
                new IncomingReporter(null, "nabo", null, null, Anonymous: true), TimeSpan.FromMinutes(40))),
        };
        if (known is { } k)
            reports.Add(new("politiet", TimeSpan.FromHours(2), Report(4, SenderKinds.Police,
                new IncomingChild(k.Identifier, k.GivenName, k.FamilyName, k.BirthDate, k.Sex),
                "Politiet var i hjemmet etter melding om husbråk i natt. Barnet var til stede.",
                new IncomingReporter("Politiet, vakthavende", "politi", null, null), TimeSpan.FromHours(2))));
        return reports;
    }
}
