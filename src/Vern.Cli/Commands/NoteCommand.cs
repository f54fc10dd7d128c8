using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Cli.Commands;

/// <summary><c>vern case note …</c>: journal notes (journalnotat) – write a draft, edit it, finalise it, add an addendum or a
/// corrected version, list and show. Every command calls the application layer; every read is logged there.</summary>
public static class NoteCommand
{
    private static readonly Argument<string> CaseArg = new("case-id") { Description = "Sakens id (UUID)" };
    private static readonly Argument<string> NoteArg = new("note-id") { Description = "Notatets id (UUID)" };

    public static Command Create()
    {
        var command = new Command("note", "Journalnotater: skriv utkast, ferdigstill, tillegg og rettet versjon (alle versjoner beholdes)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Edit());
        command.Subcommands.Add(Finalise());
        command.Subcommands.Add(Addendum());
        command.Subcommands.Add(Correct());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Option<string?> TextOption() => new("--text") { Description = "Teksten (ren tekst; tom linje skiller avsnitt)" };

    private static Option<string?> FileOption() => new("--file") { Description = "Les teksten fra en fil (UTF-8)" };

    private static Option<string?> DateOpt() => new("--date") { Description = "Datoen notatet gjelder (ÅÅÅÅ-MM-DD; ellers i dag)" };

    private static Option<string?> EntryOpt() => new("--entry") { Description = "Registreringen notatet hører til: melding:ID, undersokelse:ID, vedtak:ID, tiltak:ID, plan:ID" };

    private static Command Add()
    {
        var type = new Option<string>("--type") { Description = $"Notattype: {NoteTypes.Codes}", Required = true };
        var text = TextOption();
        var file = FileOption();
        var date = DateOpt();
        var entry = EntryOpt();
        var c = new Command("add", "Skriv et nytt journalnotat (lagres som utkast); skriver notatets id på siste linje") { CaseArg, type, text, file, date, entry };
        c.SetAction(p =>
        {
            var body = DocumentationSession.Text(p, text, file);
            using var s = Session.Open(p);
            var note = s.App.WriteNoteAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), new WriteNote(
                CliDates.Parse(p.GetValue(date), "--date") ?? s.App.Today, p.GetValue(type)!, body,
                p.GetValue(entry) is { } e ? EntryLink.Parse(e) : null)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Notat lagret som utkast[/] (versjon 1). Ferdigstill med «vern case note finalise {note.Id}».");
            Console.Out.WriteLine(note.Id);
            return 0;
        });
        return c;
    }

    private static Command Edit()
    {
        var type = new Option<string?>("--type") { Description = "Ny notattype (ellers som før)" };
        var text = TextOption();
        var file = FileOption();
        var date = DateOpt();
        var c = new Command("edit", "Endre et utkast (ny versjon; den forrige beholdes). Et ferdigstilt notat kan ikke endres") { NoteArg, type, text, file, date };
        c.SetAction(p =>
        {
            var body = DocumentationSession.Text(p, text, file);
            using var s = Session.Open(p);
            var id = NoteId.Parse(p.GetValue(NoteArg)!);
            var current = s.App.ShowNoteAsync(s.Actor, id, "endre utkast").GetAwaiter().GetResult().Current;
            var note = s.App.ChangeNoteAsync(s.Actor, id, new EditDraft(CliDates.Parse(p.GetValue(date), "--date") ?? current.Date,
                p.GetValue(type) ?? current.TypeCode, body, current.Entry)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Utkastet er endret[/] (versjon {note.VersionCount}).");
            return 0;
        });
        return c;
    }

    private static Command Finalise()
    {
        var c = new Command("finalise", "Ferdigstill et notat: etter dette kan det bare få tillegg eller rettet versjon") { NoteArg };
        c.Aliases.Add("ferdigstill");
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var note = s.App.FinaliseNoteAsync(s.Actor, NoteId.Parse(p.GetValue(NoteArg)!)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Notatet er ferdigstilt[/] (versjon {note.VersionCount}).");
            return 0;
        });
        return c;
    }

    private static Command Addendum()
    {
        var text = TextOption();
        var file = FileOption();
        var c = new Command("addendum", "Skriv et tillegg til et ferdigstilt notat") { NoteArg, text, file };
        c.SetAction(p =>
        {
            var body = DocumentationSession.Text(p, text, file);
            using var s = Session.Open(p);
            var note = s.App.ChangeNoteAsync(s.Actor, NoteId.Parse(p.GetValue(NoteArg)!), new AddAddendum(body)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Tillegg lagret[/] (versjon {note.VersionCount}).");
            return 0;
        });
        return c;
    }

    private static Command Correct()
    {
        var text = TextOption();
        var file = FileOption();
        var reason = new Option<string>("--reason") { Description = "Hvorfor notatet rettes", Required = true };
        var c = new Command("correct", "Skriv en rettet versjon av et ferdigstilt notat (den opprinnelige beholdes)") { NoteArg, text, file, reason };
        c.SetAction(p =>
        {
            var body = DocumentationSession.Text(p, text, file);
            using var s = Session.Open(p);
            var note = s.App.ChangeNoteAsync(s.Actor, NoteId.Parse(p.GetValue(NoteArg)!), new CorrectNote(body, p.GetValue(reason)!)).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Rettet versjon lagret[/] (versjon {note.VersionCount}).");
            return 0;
        });
        return c;
    }

    private static Command List()
    {
        var c = new Command("list", "List sakens journalnotater (lesingen logges)") { CaseArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var notes = s.App.ListNotesAsync(s.Actor, CaseId.Parse(p.GetValue(CaseArg)!), s.Purpose).GetAwaiter().GetResult();
            // One block per note (its id whole, so it can be copied into «case note show»).
            foreach (var n in notes)
            {
                AnsiConsole.MarkupLine($"[bold]{n.Current.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}[/] {Markup.Escape(TypeName(n.Current.TypeCode))} – {Status(n)} – {Markup.Escape(n.Current.AuthorId)} – {n.VersionCount} versjon(er) – notat {n.Id}");
                Console.Out.WriteLine("  " + Short(n.Current.Text));
            }
            AnsiConsole.MarkupLineInterpolated($"{notes.Count} notater");
            return 0;
        });
        return c;
    }

    private static Command Show()
    {
        var c = new Command("show", "Vis et notat med tillegg (og hele historikken for leder og tilsyn); lesingen logges") { NoteArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var n = s.App.ShowNoteAsync(s.Actor, NoteId.Parse(p.GetValue(NoteArg)!), s.Purpose).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[bold]{TypeName(n.Current.TypeCode)}[/] {n.Current.Date:yyyy-MM-dd} – {(n.Finalised ? "ferdigstilt" : "utkast")} – sak {n.CaseId}");
            if (n.Current.Kind == NoteVersionKind.Correction)
                AnsiConsole.MarkupLineInterpolated($"[yellow]Rettet versjon[/] ({n.Current.AuthorId}, {n.Current.RecordedAt:yyyy-MM-dd HH:mm} UTC): {TerminalText.Safe(n.Current.Reason ?? "")}");
            Console.Out.WriteLine(TerminalText.Safe(n.Current.Text));
            foreach (var a in n.Addenda)
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]Tillegg[/] {a.RecordedAt:yyyy-MM-dd HH:mm} UTC av {a.AuthorId}:");
                Console.Out.WriteLine(TerminalText.Safe(a.Text));
            }
            if (n.History is { } history)
            {
                var table = new Table().Title("Historikk (alle versjoner)").AddColumns("Versjon", "Hva", "Når (UTC)", "Hvem", "Tekst");
                foreach (var v in history)
                    table.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), KindName(v.Kind), v.RecordedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        Markup.Escape(v.AuthorId), Markup.Escape(Short(v.Text)));
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return c;
    }

    private static string TypeName(string code) => NoteTypes.Find(code)?.Name ?? code;

    private static string Status(NoteView n) => n.Finalised ? (n.Current.Kind == NoteVersionKind.Correction ? "rettet" : "ferdigstilt") + (n.Addenda.Count > 0 ? $" + {n.Addenda.Count} tillegg" : "") : "[yellow]utkast[/]";

    private static string KindName(NoteVersionKind k) => k switch
    {
        NoteVersionKind.Draft => "utkast",
        NoteVersionKind.Finalised => "ferdigstilt",
        NoteVersionKind.Addendum => "tillegg",
        _ => "rettet versjon",
    };

    private static string Short(string text)
    {
        var flat = TerminalText.Safe(text.ReplaceLineEndings(" "));
        return flat.Length <= 100 ? flat : flat[..99] + "…";
    }
}
