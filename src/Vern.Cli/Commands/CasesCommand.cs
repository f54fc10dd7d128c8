using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vern.Domain.Cases;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern case …</c>: open a case, record each step, list, show the timeline, export/import as JSON.</summary>
public static class CasesCommand
{
    private static readonly Argument<string> CaseIdArg = new("case-id") { Description = "Sakens id (UUID)" };

    public static Command Create()
    {
        var command = new Command("case", "Saker: åpne, registrere hvert steg, vise historikk, eksportere/importere JSON");
        command.Subcommands.Add(OpenCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(RecordCommand());
        command.Subcommands.Add(ExportCommand());
        command.Subcommands.Add(ImportCommand());
        command.Subcommands.Add(AccessCommand());
        // Case documentation (issue 22): one file per command.
        command.Subcommands.Add(NoteCommand.Create());
        command.Subcommands.Add(ParticipationCommand.Create());
        command.Subcommands.Add(AssessmentCommand.Create());
        command.Subcommands.Add(DecisionDocumentCommand.Reasons());
        command.Subcommands.Add(DecisionDocumentCommand.Render());
        command.Subcommands.Add(AttachmentCommand.Create());
        command.Subcommands.Add(DossierCommand.Create());
        // Parties see their own case (issue 18 part 3).
        command.Subcommands.Add(InnsynCommand.Create());
        command.Subcommands.Add(InnsynCommand.Persons());
        command.Subcommands.Add(InnsynCommand.NamesSetting());
        return command;
    }

    private static Command OpenCommand()
    {
        var municipality = new Option<string>("--municipality") { Description = "Kommunenummer (4 siffer)", Required = true };
        var journal = new Option<string>("--journal") { Description = "Journalnummer", Required = true };
        var opened = DateOption("--opened", "Sakens startdato");
        var fnr = new Option<string?>("--fnr") { Description = "Barnets fødselsnummer eller D-nummer" };
        var birth = new Option<DateOnly?>("--birth-date")
        {
            Description = "Fødselsdato (når fødselsnummer mangler)",
            CustomParser = r =>
            {
                if (CliDates.TryParse(r.Tokens[0].Value) is { } d) return d;
                r.AddError($"--birth-date: «{r.Tokens[0].Value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.");
                return null;
            },
        };
        var sex = new Option<Sex>("--sex") { Description = "Kjønn: Male, Female, Unborn", Required = true };
        var given = new Option<string?>("--given-name") { Description = "Fornavn" };
        var family = new Option<string?>("--family-name") { Description = "Etternavn" };
        var id = new Option<string?>("--id") { Description = "Sakens id (UUID); lages hvis utelatt" };
        var bydel = new Option<string?>("--bydel") { Description = "Bydelsnummer (2 siffer) for kommuner med bydeler; standard: din bydel, om du har en" };
        var bydelName = new Option<string?>("--bydel-name") { Description = "Bydelsnavn (som i registerets Avgiver/@Bydelsnavn)" };
        var c = new Command("open", "Åpne en ny sak") { municipality, journal, opened, fnr, birth, sex, given, family, id, bydel, bydelName };
        c.SetAction(p =>
        {
            using var s = Session.Open(p, create: true);
            var result = Session.Wait(s.App.OpenCaseWithCandidatesAsync(s.Actor, new OpenCase(p.GetValue(municipality)!, p.GetValue(journal)!, p.GetValue(opened),
                new ChildInput(p.GetValue(fnr), p.GetValue(birth), p.GetValue(sex), null, p.GetValue(given), p.GetValue(family)))
                { Bydel = p.GetValue(bydel), BydelName = p.GetValue(bydelName) },
                p.GetValue(id) is { } text ? CaseId.Parse(text) : null));
            var state = result.State;
            AnsiConsole.MarkupLineInterpolated($"Sak åpnet: [green]{state.Id}[/] (journalnummer {TerminalText.Safe(state.JournalNumber)}, kommune {state.MunicipalityNumber}{(state.Bydel is null ? "" : ", bydel " + state.Bydel)})");
            if (result.Candidates.Count > 0)
                MatchCommand.Write(result.Candidates);
            Console.Out.WriteLine(state.Id);
            return 0;
        });
        return c;
    }

    private static Command ListCommand()
    {
        var municipality = new Option<string?>("--municipality") { Description = "Bare saker i denne kommunen (standard: din egen)" };
        var search = new Option<string?>("--search") { Description = "Søk på journalnummer eller barnets navn" };
        var c = new Command("list", "List sakene du har tilgang til (lesingen logges)") { municipality, search };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var table = new Table().AddColumns("Sak", "Kommune", "Journalnr.", "Versjon", "Sist endret (UTC)");
            var cases = Session.Wait(s.App.ListCasesAsync(s.Actor, p.GetValue(municipality), p.GetValue(search), s.Purpose));
            foreach (var h in cases)
                table.AddRow(h.Id.ToString(), Markup.Escape(TerminalText.Safe(h.MunicipalityNumber)), Markup.Escape(TerminalText.Safe(h.JournalNumber)), h.Version.ToString(CultureInfo.InvariantCulture), h.UpdatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{cases.Count} saker");
            return 0;
        });
        return c;
    }

    private static Command ShowCommand()
    {
        var c = new Command("show", "Vis saken: status og hele historikken (tidslinje)") { CaseIdArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var caseId = CaseId.Parse(p.GetValue(CaseIdArg)!);
            var page = Session.Wait(s.App.ShowCaseAsync(s.Actor, caseId, s.Purpose));
            CaseView.WriteSummary(page.State);
            CaseView.WriteTimeline(page.Timeline);
            return 0;
        });
        return c;
    }

    private static Command ExportCommand()
    {
        var output = new Option<string?>("--out") { Description = "Fil å skrive til (ellers standard ut)" };
        var c = new Command("export", "Eksporter en sak som JSON: hele hendelseshistorikken med hvem og når") { CaseIdArg, output };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var caseId = CaseId.Parse(p.GetValue(CaseIdArg)!);
            var json = Session.Wait(s.App.ExportCaseAsync(s.Actor, caseId, s.Purpose));
            if (p.GetValue(output) is { } file)
            {
                CliFiles.WriteText(file, json);
                AnsiConsole.MarkupLineInterpolated($"Skrev {file}");
            }
            else
            {
                Console.Out.WriteLine(json);
            }
            return 0;
        });
        return c;
    }

    private static Command ImportCommand()
    {
        var file = new Argument<string>("file") { Description = "JSON-fil laget av «vern case export»" };
        var c = new Command("import", "Importer en sak fra JSON (ny sak; historikken beholdes med hvem og når)") { file };
        c.SetAction(p =>
        {
            var json = CliFiles.ReadText(p.GetValue(file)!, CaseTransfer.MaxDocumentBytes);
            using var s = Session.Open(p, create: true);
            var imported = Session.Wait(s.App.ImportCaseWithCandidatesAsync(s.Actor, json));
            var state = imported.State;
            AnsiConsole.MarkupLineInterpolated($"Importerte sak [green]{state.Id}[/] med {state.Version} hendelser (registrert av {TerminalText.Safe(s.Actor.UserId)}; opprinnelig hvem og når er beholdt)");
            if (imported.Candidates.Count > 0)
                MatchCommand.Write(imported.Candidates);
            return 0;
        });
        return c;
    }

    private static Command AccessCommand()
    {
        var forParty = new Option<bool>("--for-party") { Description = "For en part: hver lesing og endring, med rolle og tjeneste (navn bare der tjenesten har valgt det), i klarspråk" };
        var party = new Option<string?>("--party") { Description = "Med --for-party: parten oversikten er til (personens id eller «child»)" };
        var output = new Option<string?>("--out") { Description = "Med --for-party: skriv oversikten som PDF eller .html" };
        var c = new Command("access", "Hvem har sett saken: innsynsloggen, med lister og eksporter saken var med i (hver lesing logges)") { CaseIdArg, forParty, party, output };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var caseId = CaseId.Parse(p.GetValue(CaseIdArg)!);
            if (p.GetValue(forParty))
                return InnsynCommand.AccessForParty(s, caseId, p.GetValue(party), p.GetValue(output));
            if (p.GetValue(party) is not null || p.GetValue(output) is not null)
                throw new ArgumentException("--party og --out gjelder bare sammen med --for-party.");
            var rows = Session.Wait(s.App.CaseAccessAsync(s.Actor, caseId, s.Purpose));
            var table = new Table().AddColumns("Når (UTC)", "Hvem", "Rolle", "Hva", "Formål", "Omfang", "Utfall");
            foreach (var a in rows)
                table.AddRow(a.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(TerminalText.Safe(a.ActorId)), Markup.Escape(a.Role),
                    Markup.Escape(a.Operation), Markup.Escape(TerminalText.Safe(a.Purpose.Length == 0 ? "–" : a.Purpose)),
                    Markup.Escape(a.IsBulk ? $"{a.CaseCount:N0} saker i {a.Scope}" : "denne saken"),
                    a.Outcome == AccessEntry.Denied ? "[red]avvist[/]" : "lest");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{rows.Count} oppslag");
            return 0;
        });
        return c;
    }

    private static Command RecordCommand()
    {
        var record = new Command("record", "Registrer et steg i en sak");
        var caseId = new Option<string>("--case") { Description = "Sakens id (UUID)", Required = true, Recursive = true };
        record.Options.Add(caseId);

        Command Step(string name, string description, Func<ParseResult, CaseCommand> build, params Option[] options)
        {
            var c = new Command(name, description);
            foreach (var o in options)
                c.Options.Add(o);
            c.SetAction(p =>
            {
                using var s = Session.Open(p);
                var id = CaseId.Parse(p.GetValue(caseId)!);
                var events = Session.Wait(s.App.RecordAsync(s.Actor, id, build(p))).Appended;
                foreach (var e in events)
                    AnsiConsole.MarkupLineInterpolated($"[green]Lagret[/] v{e.Version}: {TerminalText.Safe(CaseView.Describe(e.Event))}");
                foreach (var newId in events.Select(e => CaseEventFacts.CreatedEntry(e.Event)).OfType<EntryId>())
                    Console.Out.WriteLine(newId);
                return 0;
            });
            return c;
        }

        var on = DateOption("--on", "Dato (ÅÅÅÅ-MM-DD)");
        var code = new Option<string>("--code") { Description = "Kode fra SSBs kodeliste", Required = true };
        var spec = new Option<string?>("--specification") { Description = "Presisering (når koden krever det)" };
        var report = EntryOption("--report", "Meldingens id");
        var investigation = EntryOption("--investigation", "Undersøkelsens id");
        var decision = EntryOption("--decision", "Vedtakets id");
        var measure = EntryOption("--measure", "Tiltakets id");
        var plan = EntryOption("--plan", "Planens id");
        var aftercare = EntryOption("--aftercare", "Ettervernets id");
        var entry = EntryOption("--entry", "Registreringens id");
        var reporters = CodesOption("--reporter", "Melder-koder (kommaseparert)");
        var contents = CodesOption("--content", "Saksinnhold-koder (kommaseparert); kan vente til meldingen konkluderes (Melding Kontroll 5)", required: false);
        var grounds = CodesOption("--grounds", "Vedtaksgrunnlag/tiltaksgrunnlag-koder (kommaseparert)", required: false);
        var law = new Option<string>("--law") { Description = "Lov: BVL2021, BVL (1992) eller BL1981", DefaultValueFactory = _ => "BVL2021" };
        var chapter = new Option<string>("--chapter") { Description = "Kapittel", Required = true };
        var section = new Option<string>("--section") { Description = "Paragraf innen kapitlet", Required = true };
        var ledd = new Option<string[]>("--ledd") { Description = "Ledd", AllowMultipleArgumentsPerToken = true };
        var status = new Option<string>("--status") { Description = "Vedtaksstatus (1 godkjent, 2 begjæring oversendt nemnd …)", DefaultValueFactory = _ => "1" };
        var optInvestigation = new Option<string?>("--investigation") { Description = "Undersøkelsen vedtaket bygger på" };
        var kind = new Option<VisitKind>("--kind") { Description = "Supervision (tilsyn) eller FollowUp (oppfølging)", Required = true };
        var perYear = new Option<int>("--per-year") { Description = "Besøk per år (4 eller 2)", Required = true };
        var consented = new Option<bool>("--child-consented") { Description = "Barnet har samtykket (kreves for færre tilsynsbesøk)" };
        var feedbackKind = new Option<ReporterFeedbackKind>("--kind") { Description = "Receipt (mottatt melding) eller AfterInvestigation (etter undersøkelsen)", Required = true };
        var granted = new Option<bool?>("--granted") { Description = "Utvidet frist innvilget (true/false); utelat hvis ikke avgjort" };
        var termination = new Option<string?>("--termination") { Description = "Opphevelse-kode" };
        var planType = new Option<string>("--type") { Description = "Plantype-kode", Required = true };
        var reasonFrom = new Option<string>("--reason-from") { Description = "Årsak fra (kode)", Required = true };
        var movedTo = new Option<string>("--moved-to") { Description = "Flytting til (kode)", Required = true };
        var caseworker = new Option<string>("--caseworker") { Description = "Saksbehandlerens id", Required = true };
        var reason = new Option<string>("--reason") { Description = "Begrunnelse", Required = true };
        var jsonFile = new Option<string>("--file") { Description = "Kommando som JSON (se docs/cli.md)", Required = true };
        LegalBasis Basis(ParseResult p) => new(p.GetValue(law)!, p.GetValue(chapter)!, p.GetValue(section)!, [.. p.GetValue(ledd) ?? []]);

        record.Subcommands.Add(Step("report", "Melding mottatt (§ 2-1)",
            p => new ReceiveReport(p.GetValue(on), p.GetValue(reporters)!, p.GetValue(contents) ?? []), on, reporters, contents));
        record.Subcommands.Add(Step("conclude-report", "Melding gjennomgått og konkludert (saksinnhold må være oppgitt nå eller ved mottak)",
            p => new ConcludeReport(p.GetValue(report), p.GetValue(on), p.GetValue(code)!, p.GetValue(contents)), report, on, code, contents));
        record.Subcommands.Add(Step("feedback", "Tilbakemelding gitt til melder (mottatt melding, eller etter undersøkelsen)",
            p => new GiveReporterFeedback(p.GetValue(report), p.GetValue(on), p.GetValue(feedbackKind)), report, on, feedbackKind));
        record.Subcommands.Add(Step("investigate", "Undersøkelse åpnet fra melding (§ 2-2)",
            p => new OpenInvestigation(p.GetValue(report), p.GetValue(on)), report, on));
        record.Subcommands.Add(Step("extend", "Søknad om utvidet frist for undersøkelsen",
            p => new RequestExtension(p.GetValue(investigation), p.GetValue(on)), investigation, on));
        record.Subcommands.Add(Step("decide-extension", "Utvidet frist innvilget eller avslått",
            p => new DecideExtension(p.GetValue(investigation), p.GetValue(granted) ?? throw new ArgumentException("--granted må oppgis (true/false).")), investigation, granted));
        record.Subcommands.Add(Step("conclude-investigation", "Undersøkelse konkludert",
            p => new ConcludeInvestigation(p.GetValue(investigation), p.GetValue(on), new CodedValue(p.GetValue(code)!, p.GetValue(spec)), p.GetValue(grounds) ?? []),
            investigation, on, code, spec, grounds));
        record.Subcommands.Add(Step("decision", "Vedtak fattet",
            p => new MakeDecision(p.GetValue(on), Basis(p), p.GetValue(status)!, p.GetValue(optInvestigation) is { } i ? EntryId.Parse(i) : null),
            on, law, chapter, section, ledd, status, optInvestigation));
        record.Subcommands.Add(Step("decision-status", "Vedtakets status endret",
            p => new ChangeDecisionStatus(p.GetValue(decision), p.GetValue(on), p.GetValue(status)!), decision, on, status));
        record.Subcommands.Add(Step("reassess", "Vedtak vurdert på nytt (f.eks. institusjonsopphold etter § 6-2, senest etter seks måneder)",
            p => new ReassessDecision(p.GetValue(decision), p.GetValue(on)), decision, on));
        record.Subcommands.Add(Step("end-decision", "Vedtak opphørt",
            p => new EndDecision(p.GetValue(decision), p.GetValue(on)), decision, on));
        record.Subcommands.Add(Step("measure", "Tiltak iverksatt etter vedtak",
            p => new StartMeasure(p.GetValue(decision), p.GetValue(on), new CodedValue(p.GetValue(code)!, p.GetValue(spec)), p.GetValue(grounds)),
            decision, on, code, spec, grounds));
        record.Subcommands.Add(Step("visit-frequency", "Krav til besøk per år (tilsyn/oppfølging)",
            p => new SetVisitFrequency(p.GetValue(measure), p.GetValue(kind), p.GetValue(on), p.GetValue(perYear), ChildConsented: p.GetValue(consented)),
            measure, kind, on, perYear, consented));
        record.Subcommands.Add(Step("visit", "Tilsyns- eller oppfølgingsbesøk utført",
            p => new RecordVisit(p.GetValue(measure), p.GetValue(kind), p.GetValue(on)), measure, kind, on));
        record.Subcommands.Add(Step("end-measure", "Tiltak avsluttet",
            p => new EndMeasure(p.GetValue(measure), p.GetValue(on), p.GetValue(termination) is { } t ? new CodedValue(t, p.GetValue(spec)) : null),
            measure, on, termination, spec));
        record.Subcommands.Add(Step("termination-reason", "Årsak til opphevelse registrert før tiltaket avsluttes (f.eks. en planlagt tilbakeføring, opphevelse 1)",
            p => new RecordTerminationReason(p.GetValue(measure), new CodedValue(p.GetValue(termination) ?? "", p.GetValue(spec))), measure, termination, spec));
        record.Subcommands.Add(Step("return-follow-up", "Tilbud om oppfølging etter tilbakeføring gitt barn og foreldre (omsorgsovertakelsen opphevet, tiltaket avsluttet med opphevelse 1; plikt fra 2026, i inntil seks måneder)",
            p => new OfferReturnFollowUp(p.GetValue(measure), p.GetValue(on)), measure, on));
        record.Subcommands.Add(Step("plan", "Plan laget (tiltaksplan, omsorgsplan …)",
            p => new MakePlan(p.GetValue(on), p.GetValue(planType)!), on, planType));
        record.Subcommands.Add(Step("evaluate-plan", "Plan evaluert",
            p => new EvaluatePlan(p.GetValue(plan), p.GetValue(on)), plan, on));
        record.Subcommands.Add(Step("end-plan", "Plan avsluttet",
            p => new EndPlan(p.GetValue(plan), p.GetValue(on)), plan, on));
        record.Subcommands.Add(Step("aftercare", "Tilbud om ettervern sendt",
            p => new OfferAftercare(p.GetValue(on)), on));
        record.Subcommands.Add(Step("conclude-aftercare", "Svar på tilbud om ettervern",
            p => new ConcludeAftercare(p.GetValue(aftercare), p.GetValue(on), p.GetValue(code)!), aftercare, on, code));
        record.Subcommands.Add(Step("county-board", "Begjæring oversendt barneverns- og helsenemnda",
            p => new SendToCountyBoard(p.GetValue(on), Basis(p)), on, law, chapter, section, ledd));
        record.Subcommands.Add(Step("move", "Barnet flyttet",
            p => new RecordMove(p.GetValue(on), new CodedValue(p.GetValue(reasonFrom)!, p.GetValue(spec)), new CodedValue(p.GetValue(movedTo)!)),
            on, reasonFrom, movedTo, spec));
        record.Subcommands.Add(Step("assign", "Saksbehandler fordelt",
            p => new AssignCaseworker(p.GetValue(caseworker)!, p.GetValue(on)), caseworker, on));
        record.Subcommands.Add(Step("retract", "Registrering trukket tilbake (registrert ved en feil)",
            p => new RetractEntry(p.GetValue(entry), p.GetValue(on), p.GetValue(reason)!), entry, on, reason));
        record.Subcommands.Add(Step("close", "Sak avsluttet", p => new CloseCase(p.GetValue(on)), on));
        record.Subcommands.Add(Step("reopen", "Sak gjenåpnet", p => new ReopenCase(p.GetValue(on)), on));
        record.Subcommands.Add(Step("apply", "Hvilken som helst kommando som JSON",
            p => ReadCommand(CliFiles.ReadText(p.GetValue(jsonFile)!, 1_000_000)), jsonFile));
        return record;
    }

    private static CaseCommand ReadCommand(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CaseCommand>(json, CaseJson.Strict) ?? throw new FormatException("Tom kommando.");
        }
        catch (NotSupportedException e)
        {
            throw new FormatException("Kommandoen må ha feltet «command» med en kjent kommando, f.eks. «receive-report» (se docs/cli.md).", e);
        }
    }

    private static Option<DateOnly> DateOption(string name, string description) =>
        new(name)
        {
            Description = description,
            Required = true,
            CustomParser = r =>
            {
                if (CliDates.TryParse(r.Tokens[0].Value) is { } d) return d;
                r.AddError($"{name}: «{r.Tokens[0].Value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.");
                return default;
            },
        };

    private static Option<EntryId> EntryOption(string name, string description) =>
        new(name)
        {
            Description = description,
            Required = true,
            CustomParser = r =>
            {
                if (Guid.TryParse(r.Tokens[0].Value, out var g)) return new EntryId(g);
                r.AddError($"{name}: «{r.Tokens[0].Value}» er ikke en gyldig id (UUID).");
                return default;
            },
        };

    private static Option<ImmutableList<CodedValue>> CodesOption(string name, string description, bool required = true) =>
        new(name)
        {
            Description = description,
            Required = required,
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(c => new CodedValue(c)).ToImmutableList(),
        };
}
