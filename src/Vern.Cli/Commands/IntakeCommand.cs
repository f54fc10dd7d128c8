using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Intake;
using Vern.Domain.People;
using Vern.Domain.Validation;
using Vern.Intake;

namespace Vern.Cli.Commands;

/// <summary><c>vern intake import|inbox|show|register|reject|route|reconcile|alarms|settings</c>: the intake of reports of concern
/// (issue 18). docs/intake.md.</summary>
public static class IntakeCommand
{
    public static Command Create()
    {
        var command = new Command("intake", "Mottak av bekymringsmeldinger: import, innboks, registrering, avstemming og alarmer");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Inbox());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Register());
        command.Subcommands.Add(Reject());
        command.Subcommands.Add(Route());
        command.Subcommands.Add(Reconcile());
        command.Subcommands.Add(AlarmsCommand());
        command.Subcommands.Add(Settings());
        return command;
    }

    private static readonly Argument<Guid> Receipt = new("receipt") { Description = "Kvitteringen (mottaks-id) fra «vern intake inbox»" };

    private static Command Import()
    {
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Mappen med meldinger som JSON-filer (*.json; samme form som APIet)" };
        var sender = new Option<string>("--sender") { Description = "Avsenderen filene kommer fra (ett ord)", DefaultValueFactory = _ => "fil" };
        var command = new Command("import", "Importer meldinger fra filer; hver fil flyttes til done/ først når meldingen er lagret") { dir, sender };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!;
            if (!folder.Exists)
                throw new DirectoryNotFoundException($"Mappen {folder.FullName} finnes ikke.");
            using var s = Session.Open(parse);
            var done = Path.Combine(folder.FullName, "done");
            int stored = 0, repeated = 0, refused = 0;
            foreach (var file in folder.EnumerateFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                try
                {
                    var receipt = Session.Wait(s.App.ImportReportAsync(s.Actor, File.ReadAllText(file.FullName), parse.GetValue(sender)!));
                    // Only now, after the commit, does the file leave: a crash before this line imports it again, as a resend.
                    Directory.CreateDirectory(done);
                    var target = Path.Combine(done, file.Name);
                    if (File.Exists(target))
                        target = Path.Combine(done, $"{Path.GetFileNameWithoutExtension(file.Name)}.{receipt.ReceiptId:N}{file.Extension}");
                    file.MoveTo(target);
                    if (receipt.Repeated) repeated++; else stored++;
                    AnsiConsole.MarkupLineInterpolated($"{file.Name}: kvittering [green]{receipt.ReceiptId}[/]{(receipt.Repeated ? " (mottatt før; ikke lagret på nytt)" : "")}");
                }
                catch (DomainRuleException e)
                {
                    refused++;
                    AnsiConsole.MarkupLineInterpolated($"[red]{file.Name}: avvist, ingenting lagret[/]");
                    foreach (var issue in e.Issues)
                        AnsiConsole.MarkupLineInterpolated($"  [red]{TerminalText.Safe(issue.Message)}[/] [grey]({issue.Code})[/]");
                }
                catch (MessageIdReusedException e)
                {
                    refused++;
                    AnsiConsole.MarkupLineInterpolated($"[red]{file.Name}: {e.Message}[/]");
                }
            }
            AnsiConsole.MarkupLineInterpolated($"{stored} lagret, {repeated} mottatt før, {refused} avvist (ligger igjen i {folder.FullName}).");
            return refused > 0 ? Cli.ExitCodes.Refused : 0;
        });
        return command;
    }

    private static Command Inbox()
    {
        var all = new Option<bool>("--all") { Description = "Vis også registrerte og avviste meldinger" };
        var command = new Command("inbox", "Meldinger som venter på å bli registrert på en sak eller avvist (lesingen logges)") { all };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var items = Session.Wait(s.App.InboxAsync(s.Actor, null, parse.GetValue(all), s.Purpose));
            var table = new Table().AddColumns("Kvittering", "Mottatt", "Frist § 2-1", "Innboks", "Avsender", "Barn", "Melder", "Status");
            foreach (var i in items)
            {
                var c = i.Content.Child;
                var child = $"{c?.GivenName} {c?.FamilyName}".Trim() is { Length: > 0 } n ? n : "(uten navn)";
                var overdue = i.Disposition is null && s.App.Today > i.ReviewDue;
                table.AddRow(i.Report.ReceiptId.ToString(), $"{i.Report.ReceivedAt.ToLocalTime():yyyy-MM-dd HH:mm}",
                    overdue ? $"[red]{Date(i.ReviewDue)}[/]" : Date(i.ReviewDue), Inbox(i.Bydel),
                    Markup.Escape($"{i.Report.Sender} ({SenderKinds.Norwegian(i.Report.SenderKind)})"),
                    Markup.Escape(TerminalText.Safe($"{child}{(c?.BirthDate is { } b ? ", f. " + Date(b) : "")}")),
                    i.Content.Reporter is { Anonymous: true } ? "anonym" : Markup.Escape(TerminalText.Safe(i.Content.Reporter?.Role ?? "–")),
                    Status(i.Disposition));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{items.Count} meldinger");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "Vis en mottatt melding med beskrivelsen (lesingen logges)") { Receipt };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var i = Session.Wait(s.App.InboxItemAsync(s.Actor, parse.GetValue(Receipt), s.Purpose));
            var c = i.Content;
            Console.Out.WriteLine($"Kvittering {i.Report.ReceiptId}, mottatt {i.Report.ReceivedAt.ToLocalTime():yyyy-MM-dd HH:mm} fra {i.Report.Sender} ({SenderKinds.Norwegian(i.Report.SenderKind)}), meldings-id {i.Report.MessageId}");
            Console.Out.WriteLine($"Gjennomgås senest {Date(i.ReviewDue)} (barnevernsloven § 2-1 første ledd: en uke fra mottak).");
            Console.Out.WriteLine($"Innboks: {Inbox(i.Bydel)}");
            foreach (var r in i.Routes ?? [])
                Console.Out.WriteLine($"  Videresendt {r.At.ToLocalTime():yyyy-MM-dd HH:mm} av {r.By}: {Inbox(r.FromBydel)} → {Inbox(r.ToBydel)}");
            Console.Out.WriteLine(TerminalText.Safe($"Barn: {c.Child?.GivenName} {c.Child?.FamilyName}, fødselsdato {(c.Child?.BirthDate is { } b ? Date(b) : "ukjent")}, fødselsnummer {(string.IsNullOrEmpty(c.Child?.Identifier) ? "ukjent" : "oppgitt")}"));
            Console.Out.WriteLine(TerminalText.Safe($"Melder: {(c.Reporter is null ? "ikke oppgitt" : $"{c.Reporter.Name} ({c.Reporter.Role}){(c.Reporter.Anonymous ? ", ønsker å være anonym" : "")}")}"));
            Console.Out.WriteLine("Beskrivelse:");
            Console.Out.WriteLine(TerminalText.Safe(c.Description ?? ""));
            AnsiConsole.MarkupLine("Status: " + Status(i.Disposition));
            if (i.Disposition is null)
                PrintCandidates(s, i);
            return 0;
        });
        return command;
    }

    private static Command Register()
    {
        var caseOption = new Option<Guid?>("--case") { Description = "Registrer meldingen i denne saken" };
        var newCase = new Option<bool>("--new-case") { Description = "Opprett en ny sak for barnet i meldingen" };
        var sex = new Option<Sex?>("--sex") { Description = "Barnets kjønn (male/female) for en ny sak, når verken meldingen eller et fødselsnummer sier det" };
        var journal = new Option<string?>("--journal") { Description = "Journalnummer for en ny sak (standard M- og kvitteringens første åtte tegn)" };
        var command = new Command("register", "Registrer en mottatt melding på en sak; mottaksdatoen blir meldingens dato (§ 2-1-fristen går fra mottak)")
            { Receipt, caseOption, newCase, sex, journal };
        command.SetAction(parse =>
        {
            var (existing, fresh) = (parse.GetValue(caseOption), parse.GetValue(newCase));
            if ((existing is null) == !fresh)
                throw new ArgumentException("Oppgi enten --case SAK eller --new-case.");
            using var s = Session.Open(parse);
            if (fresh)
            {
                // Issue 18 part 2: the same child may have a case already; the candidates are shown before a new case is opened.
                var item = Session.Wait(s.App.InboxItemAsync(s.Actor, parse.GetValue(Receipt), s.Purpose));
                if (item.Disposition is null && PrintCandidates(s, item) > 0)
                    AnsiConsole.MarkupLine("[yellow]Registreres likevel som ny sak (--new-case).[/] Er det samme barn, kobles sakene med «vern child link».");
            }
            var (caseId, _) = Session.Wait(s.App.RegisterReportAsync(s.Actor, parse.GetValue(Receipt), existing is { } g ? new CaseId(g) : null,
                parse.GetValue(sex), parse.GetValue(journal)));
            AnsiConsole.MarkupLineInterpolated($"Meldingen {parse.GetValue(Receipt)} er registrert i sak [green]{caseId}[/].");
            return 0;
        });
        return command;
    }

    /// <summary>The service's cases whose child may be the reported one, strongest first, with score and reasons (issue 18 part
    /// 2), so the person can pick «--case SAK» instead of a new case; returns how many.</summary>
    private static int PrintCandidates(Session s, InboxView item)
    {
        if (item.Content.Child is not { } child)
            return 0;
        var found = Session.Wait(s.App.FindChildCandidatesAsync(s.Actor, item.Report.MunicipalityNumber, VernApp.ReportedChild(child), s.Purpose));
        if (found.Count == 0)
        {
            Console.Out.WriteLine("Mulige dubletter: ingen av tjenestens saker ser ut til å gjelde dette barnet.");
            return 0;
        }
        Console.Out.WriteLine($"Mulige dubletter: barnet kan ha sak fra før ({found.Count}); registrer på en av dem med «vern intake register {item.Report.ReceiptId} --case SAK»:");
        foreach (var c in found)
        {
            var who = c.Visible ? $"sak {c.CaseId} ({c.JournalNumber}): {c.GivenName} {c.FamilyName}, født {(c.BirthDate is { } b ? Date(b) : "ukjent")}" : $"sak {c.CaseId} (du er ikke saksbehandler for den)";
            Console.Out.WriteLine(TerminalText.Safe($"  {c.Score:P0} {who}{(c.AddressProtected ? " [strengt fortrolig adresse]" : "")}: {string.Join("; ", c.Reasons)}"));
        }
        return found.Count;
    }

    private static Command Reject()
    {
        var reason = new Option<string>("--reason") { Description = "Hvorfor meldingen avvises (lagres for alltid med meldingen)", Required = true };
        var command = new Command("reject", "Avvis en mottatt melding med en grunn (meldingen slettes aldri)") { Receipt, reason };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            Session.Wait(s.App.RejectReportAsync(s.Actor, parse.GetValue(Receipt), parse.GetValue(reason)!));
            AnsiConsole.MarkupLineInterpolated($"Meldingen {parse.GetValue(Receipt)} er avvist.");
            return 0;
        });
        return command;
    }

    private static Command Route()
    {
        var bydel = new Option<string>("--bydel") { Description = "Bydelen (2 siffer) meldingen sendes til", Required = true };
        var command = new Command("route", "Videresend en mottatt melding til en bydels innboks (det lagres hvem, når, fra og til; § 2-1-fristen går fortsatt fra mottak)")
            { Receipt, bydel };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var route = Session.Wait(s.App.RouteReportAsync(s.Actor, parse.GetValue(Receipt), parse.GetValue(bydel)!));
            AnsiConsole.MarkupLineInterpolated($"Meldingen {route.ReceiptId} er videresendt fra {Inbox(route.FromBydel)} til [green]{Inbox(route.ToBydel)}[/].");
            return 0;
        });
        return command;
    }

    /// <summary>An inbox in words: a bydel's, or the municipality's reception.</summary>
    private static string Inbox(string? bydel) => bydel is null ? "kommunens mottak" : "bydel " + bydel;

    private static Command Reconcile()
    {
        var from = new Option<string?>("--from") { Description = "Første dag (ÅÅÅÅ-MM-DD; standard 30 dager tilbake)" };
        var to = new Option<string?>("--to") { Description = "Siste dag (ÅÅÅÅ-MM-DD; standard i dag)" };
        var command = new Command("reconcile", "Avstem mottaket per avsender og dag: mottatt, registrert, gjennomgått; hvert avvik listes (avslutningskode 1 ved avvik)") { from, to };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var last = CliDates.Parse(parse.GetValue(to), "--to") ?? s.App.Today;
            var first = CliDates.Parse(parse.GetValue(from), "--from") ?? last.AddDays(-29);
            var report = Session.Wait(s.App.ReconcileIntakeAsync(s.Actor, null, first, last, s.Purpose));
            var table = new Table().AddColumns("Dag", "Avsender", "Mottatt", "Registrert", "Avvist", "I innboksen", "Gjennomgått");
            foreach (var r in report.Rows)
                table.AddRow(Date(r.Day), Markup.Escape(r.Sender), N(r.Received), N(r.Registered), N(r.Rejected), r.Waiting > 0 ? $"[red]{r.Waiting}[/]" : "0", N(r.Reviewed));
            AnsiConsole.Write(table);
            if (report.ByBydel is { } byBydel && byBydel.Any(b => b.Bydel is not null))
            {
                var perBydel = new Table().AddColumns("Innboks", "Mottatt", "Registrert", "Avvist", "I innboksen", "Gjennomgått");
                foreach (var b in byBydel)
                    perBydel.AddRow(Inbox(b.Bydel), N(b.Received), N(b.Registered), N(b.Rejected), b.Waiting > 0 ? $"[red]{b.Waiting}[/]" : "0", N(b.Reviewed));
                AnsiConsole.Write(perBydel);
            }
            AnsiConsole.MarkupLineInterpolated($"{Date(first)}–{Date(last)}: {report.Received} mottatt, {report.Registered} registrert, {report.Reviewed} gjennomgått, {report.Differences.Count} avvik.");
            foreach (var d in report.Differences)
                Console.Out.WriteLine($"AVVIK {d.Kind} {d.ReceiptId} {d.Sender} {d.Day:yyyy-MM-dd}: {d.Text}");
            return report.Differences.Count > 0 ? Cli.ExitCodes.Findings : 0;
        });
        return command;
    }

    private static Command AlarmsCommand()
    {
        var mail = new Option<bool>("--mail") { Description = "Send alarmene på e-post som satt opp med «vern intake settings»" };
        var command = new Command("alarms", "Alarmer: meldinger for lenge i innboksen, og avsendere som er uvanlig stille (avslutningskode 1 ved alarm)") { mail };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            IReadOnlyList<IntakeAlarm> alarms;
            var mailed = false;
            if (parse.GetValue(mail))
                (alarms, mailed) = Session.Wait(s.App.SendIntakeAlarmsAsync(s.Actor, null, s.Purpose));
            else
                alarms = Session.Wait(s.App.IntakeAlarmsAsync(s.Actor, null, s.Purpose));
            foreach (var a in alarms)
                Console.Out.WriteLine($"ALARM {(a.Kind == AlarmKind.Silence ? "stille" : "innboks")}: {a.Text}");
            AnsiConsole.MarkupLineInterpolated($"{alarms.Count} alarmer{(mailed ? "; sendt på e-post" : parse.GetValue(mail) && alarms.Count > 0 ? "; [red]e-post er ikke satt opp[/]" : "")}.");
            return alarms.Count > 0 ? Cli.ExitCodes.Findings : 0;
        });
        return command;
    }

    private static Command Settings()
    {
        var municipality = new Option<string>("--municipality") { Description = "Kommunen innstillingene gjelder", Required = true };
        var hours = new Option<double?>("--inbox-hours") { Description = "Alarm når en melding har ventet lenger enn så mange timer (standard 24)" };
        var alpha = new Option<double?>("--silence-alpha") { Description = "Alarm når sjansen for så lang stillhet fra en avsender er under dette (standard 0.001)" };
        var to = new Option<string?>("--mail-to") { Description = "Mottaker(e) av alarmer på e-post, kommaseparert" };
        var from = new Option<string?>("--mail-from") { Description = "Avsenderadresse for alarmene" };
        var pickup = new Option<string?>("--mail-pickup") { Description = "Skriv e-post som .eml-filer i denne mappen (for et e-postsystem som henter dem)" };
        var smtp = new Option<string?>("--smtp") { Description = "SMTP-server VERT:PORT (TLS)" };
        var command = new Command("settings", "Endre mottakets alarmgrenser og e-post (administrator)") { municipality, hours, alpha, to, from, pickup, smtp };
        command.SetAction(parse =>
        {
            using var s = Session.Open(parse);
            var m = parse.GetValue(municipality)!;
            Session.Wait(s.App.ConfigureIntakeAsync(s.Actor, m, parse.GetValue(hours), parse.GetValue(alpha), parse.GetValue(to), parse.GetValue(from),
                parse.GetValue(pickup) is { } p ? Path.GetFullPath(p) : null, parse.GetValue(smtp)));
            var now = Session.Wait(s.App.IntakeSettingsAsync(m));
            AnsiConsole.MarkupLineInterpolated($"Mottak {m}: alarm etter {now.Limits.InboxHours} timer i innboksen, stillhet ved sjanse under {now.Limits.SilenceAlpha}; e-post {(now.Mail.Configured ? "til " + now.Mail.To : "ikke satt opp")}.");
            return 0;
        });
        return command;
    }

    private static string Status(IntakeDisposition? d) => d switch
    {
        null => "[yellow]venter[/]",
        { Kind: DispositionKind.Registered } => Markup.Escape($"registrert i sak {d.CaseId} av {d.By}"),
        _ => Markup.Escape(TerminalText.Safe($"avvist av {d.By}: {d.Reason}")),
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
