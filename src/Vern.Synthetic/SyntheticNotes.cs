using System.Text;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;
using Vern.Storage;
using Vern.Storage.Documentation;

namespace Vern.Synthetic;

/// <summary>Synthetic journal notes (issue 22): plain Norwegian sentences of the kinds a caseworker writes after a home visit, a
/// conversation with the child, a cooperation meeting or a phone call, drawn from templates with a seeded random, so the search
/// benchmark and the demo have text with a realistic mix of very common words («og», «barnet», «mor») and rare ones. Names are
/// made up; any likeness to a real person is chance.</summary>
public static class SyntheticNotes
{
    private static readonly string[] Children = ["Nora", "Emma", "Ella", "Sofie", "Olivia", "Jakob", "Emil", "Noah", "Oskar", "Lukas", "Filip", "Aksel", "Sara", "Ida", "Leah", "Mohammed", "Amina", "Yusuf", "Zofia", "Milan"];
    private static readonly string[] Adults = ["mor", "far", "mormor", "morfar", "farmor", "stefar", "stemor", "tanten", "onkelen", "fosterfar", "fostermor"];
    private static readonly string[] Places = ["skolen", "barnehagen", "hjemmet", "kontoret", "helsestasjonen", "fritidsklubben", "idrettshallen", "BUP", "legekontoret", "biblioteket"];
    private static readonly string[] Professionals = ["kontaktlæreren", "rektor", "helsesykepleieren", "fastlegen", "psykologen ved BUP", "PP-tjenesten", "NAV-veilederen", "miljøterapeuten", "treneren", "tolken", "politiets familievoldskoordinator"];
    private static readonly string[] Topics = ["leksene", "søvnen", "maten", "fotballtreningen", "venner på skolen", "mobbing", "skjermtid", "fraværet", "konflikter hjemme", "samværet med far", "flyttingen", "økonomien", "boligsituasjonen", "rusbruk", "vold i nære relasjoner", "språket", "helsen", "tannhelsen", "fritidsaktivitetene", "bursdagen"];
    private static readonly string[] Feelings = ["glad", "trygg", "redd", "lei seg", "sint", "sliten", "urolig", "stille", "nysgjerrig", "engstelig", "avslappet", "skuffet"];
    private static readonly string[] Measures = ["foreldreveiledning", "leksehjelp", "besøkshjem", "støttekontakt", "familieråd", "ukentlige samtaler", "ansvarsgruppemøter", "økonomisk stønad til fritidsaktiviteter", "barnehageplass", "miljøterapeut i hjemmet"];
    private static readonly string[] Rare = ["trampoline", "sykkeltur", "hamster", "tannlege", "svømmehallen", "skolekorpset", "akvarium", "sjakkturnering", "klatreparken", "fiskekonkurranse"];

    private static readonly Func<Random, string>[] Sentences =
    [
        r => $"{Pick(r, Children)} fortalte om {Pick(r, Topics)} og virket {Pick(r, Feelings)}.",
        r => $"Vi møtte {Pick(r, Adults)} på {Pick(r, Places)}, og samtalen handlet mest om {Pick(r, Topics)}.",
        r => $"{Cap(Pick(r, Professionals))} opplyste at {Pick(r, Children)} har hatt det {(r.Next(2) == 0 ? "bedre" : "vanskeligere")} den siste tiden.",
        r => $"{Cap(Pick(r, Adults))} sa at hun er bekymret for {Pick(r, Topics)}, men at det går bedre med {Pick(r, Topics)}.",
        r => $"Barnet sa med egne ord: «Jeg vil at det skal være som før, og jeg vil være med på {Pick(r, Rare)}.»",
        r => $"Det ble avtalt at {Pick(r, Measures)} skal prøves ut fram til neste evaluering.",
        r => $"Hjemmet var ryddig, og det var mat i kjøleskapet. {Pick(r, Children)} viste oss rommet sitt.",
        r => $"{Cap(Pick(r, Adults))} ønsket ikke {Pick(r, Measures)} nå, og vi forklarte hvorfor vi mener det kan hjelpe.",
        r => $"Vi drøftet om {Pick(r, Measures)} er det minst inngripende tiltaket som er nok, og hva barnet selv mener.",
        r => $"Neste møte er avtalt om {2 + r.Next(5)} uker på {Pick(r, Places)}.",
        r => $"{Pick(r, Children)} var {Pick(r, Feelings)} da vi kom, men ble mer {Pick(r, Feelings)} etter hvert.",
        r => $"Samtalen ble gjennomført med tolk, og {Pick(r, Adults)} fikk forklart saken på sitt eget språk.",
    ];

    /// <summary>One note's text: 3–9 sentences in one or two paragraphs.</summary>
    public static string Text(Random random)
    {
        var count = 3 + random.Next(7);
        var b = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                b.Append(i == count / 2 && count > 4 ? "\n\n" : " ");
            b.Append(Sentences[random.Next(Sentences.Length)](random));
        }
        return b.ToString();
    }

    /// <summary>The note type of a synthetic note, most often a conversation or a home visit.</summary>
    public static string Type(Random random) => NoteTypes.All[random.Next(4) == 0 ? random.Next(NoteTypes.All.Count) : random.Next(3)].Code;

    private static string Pick(Random r, string[] xs) => xs[r.Next(xs.Length)];

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>The demo municipality's case documentation (issue 22), so the documentation pages, the innsyn copy and the decision
/// PDF have something to show: for the first cases with a decision, a finalised home-visit note (with an addendum on some), a
/// draft note, a participation record for most decisions (so a few decisions stay flagged), an assessment, and the decision's
/// reasoned document (finalised for most, a draft for some). Written straight to the store, as the demo's events are. Each is
/// written by the case's caseworker (the demo stores a user for every caseworker the generator assigned) or, for a case without
/// one, by the fallback author (the demo's leader), so the pages show a stored user's name, never a bare id.</summary>
public static class DemoDocumentation
{
    /// <summary>Documents up to <paramref name="cases"/> cases of <paramref name="municipality"/>; returns how many.</summary>
    public static async Task<int> GenerateAsync(ICaseSnapshots snapshots, IDocumentationStore store, string municipality, int seed, DateTimeOffset at,
        string fallbackAuthor, int cases = 40, CancellationToken cancellationToken = default)
    {
        var random = new Random(seed ^ 0x22D0C);
        var done = 0;
        await foreach (var state in snapshots.ReadStatesAsync(MunicipalityScope.Of(municipality), cancellationToken))
        {
            if (done >= cases || state.Decisions.IsEmpty)
                continue;
            var by = state.CaseworkerId ?? fallbackAuthor;
            var decision = state.Decisions[^1];
            var on = decision.DecidedOn.AddDays(-7 - random.Next(20));
            if (on < state.OpenedOn)
                on = state.OpenedOn;
            var name = state.Child.GivenName ?? "barnet";

            var visit = new NoteId(Guid.NewGuid());
            var text = SyntheticNotes.Text(random);
            await store.AppendNoteAsync(new NoteVersion(visit, state.Id, 1, NoteVersionKind.Draft, on, "hjemmebesok", text, new EntryLink(EntryKind.Vedtak, decision.Id), by, at), municipality, cancellationToken);
            await store.AppendNoteAsync(new NoteVersion(visit, state.Id, 2, NoteVersionKind.Finalised, on, "hjemmebesok", text, new EntryLink(EntryKind.Vedtak, decision.Id), by, at), municipality, cancellationToken);
            if (random.Next(3) == 0)
                await store.AppendNoteAsync(new NoteVersion(visit, state.Id, 3, NoteVersionKind.Addendum, on, "hjemmebesok", SyntheticNotes.Text(random), new EntryLink(EntryKind.Vedtak, decision.Id), by, at), municipality, cancellationToken);
            await store.AppendNoteAsync(new NoteVersion(new NoteId(Guid.NewGuid()), state.Id, 1, NoteVersionKind.Draft, on, SyntheticNotes.Type(random), SyntheticNotes.Text(random), null, by, at), municipality, cancellationToken);

            if (random.Next(5) != 0)
            {
                var age = ParticipationRules.AgeOn(state.Child.BirthDate, decision.DecidedOn);
                var record = age < 4
                    ? new ParticipationRecord(Guid.NewGuid(), state.Id, on, new EntryLink(EntryKind.Vedtak, decision.Id), null, null, null, null, NotHeardReason.Age,
                        $"{name} er {age} år og ble observert i samspill med foreldrene i stedet for samtale.", by, at)
                    : new ParticipationRecord(Guid.NewGuid(), state.Id, on, new EntryLink(EntryKind.Vedtak, decision.Id), "Saksbehandler i barnevernstjenesten", "skolen",
                        "Jeg vil bo hjemme, men jeg vil ha hjelp med leksene og at de voksne ikke krangler.",
                        $"Stor vekt: {name} er {age} år, forklarer seg klart og har sagt det samme over tid.", null, null, by, at);
                await store.AddParticipationAsync(record, municipality, cancellationToken);
            }
            await store.AddAssessmentAsync(new Assessment(Guid.NewGuid(), state.Id, on, new EntryLink(EntryKind.Vedtak, decision.Id),
                $"{name} trenger forutsigbare voksne og ro rundt skolegangen; foreldrene ønsker hjelp.",
                [new AlternativeConsidered("Ingen tiltak", "Bekymringen fra skolen og hjemmebesøket viser at familien trenger hjelp nå."),
                 new AlternativeConsidered("Plassering utenfor hjemmet", "For inngripende: hjelpetiltak i hjemmet er ikke prøvd.")],
                "Foreldreveiledning i hjemmet er det minst inngripende tiltaket som kan være nok.", by, at), municipality, cancellationToken);

            var document = Guid.NewGuid();
            var reasons = new DecisionReasons(
                (decision.LegalBasis.Act == "BVL2021" ? "Barnevernsloven" : "Barnevernloven (1992)") + $" § {decision.LegalBasis.Chapter}-{decision.LegalBasis.Section}"
                    + (decision.LegalBasis.Subsections.Length > 0 ? $" {decision.LegalBasis.Subsections[0]}. ledd" : "") + ".",
                $"Barnevernstjenesten mottok bekymringsmelding og har undersøkt saken. Ved hjemmebesøk {on:dd.MM.yyyy} kom det fram at familien har behov for hjelp med rutiner og samarbeid om skolegangen.",
                "Barnevernstjenesten har vurdert ingen tiltak og plassering utenfor hjemmet. Hjelpetiltak i hjemmet er til barnets beste og er det minst inngripende tiltaket som kan være nok.",
                $"{name} har sagt at {(state.Child.Sex == Vern.Domain.People.Sex.Female ? "hun" : "han")} vil bo hjemme og ønsker hjelp med leksene. Synspunktene er tillagt stor vekt.",
                "Familien tilbys foreldreveiledning i hjemmet i seks måneder. Tiltaket evalueres etter tre måneder.");
            await store.AppendDecisionDocumentAsync(new DecisionDocumentVersion(document, state.Id, decision.Id, 1, DecisionDocumentStatus.Draft, DecisionTemplates.ServiceDecision.Code, reasons, by, at), municipality, cancellationToken);
            if (random.Next(4) != 0)
                await store.AppendDecisionDocumentAsync(new DecisionDocumentVersion(document, state.Id, decision.Id, 2, DecisionDocumentStatus.Finalised, DecisionTemplates.ServiceDecision.Code, reasons, by, at), municipality, cancellationToken);
            done++;
        }
        return done;
    }
}
