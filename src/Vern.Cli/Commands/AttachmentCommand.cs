using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.Documentation;

namespace Vern.Cli.Commands;

/// <summary><c>vern case attachment add|list|get</c>: attachments (vedlegg) to journal notes and decision documents (issue 22).
/// The type is decided by the content; the file is stored by its SHA-256 and never changed or erased; every list and download
/// is in the case's access log.</summary>
public static class AttachmentCommand
{
    public static Command Create()
    {
        var command = new Command("attachment", "Vedlegg til journalnotater og vedtak: legg til, list, hent (typen avgjøres av innholdet; alt logges)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        return command;
    }

    private static Command Add()
    {
        var caseArg = new Argument<string>("case-id") { Description = "Sakens id (UUID)" };
        var note = new Option<string?>("--note") { Description = "Notatet vedlegget hører til (id)" };
        var decision = new Option<string?>("--decision") { Description = "Vedtaket vedlegget hører til (id)" };
        var file = new Option<string>("--file") { Description = "Filen (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS; høyst 20 MiB)", Required = true };
        var name = new Option<string?>("--name") { Description = "Filnavnet som lagres (ellers filens eget navn)" };
        var c = new Command("add", "Legg et vedlegg til et notat eller et vedtak; skriver vedleggets id på siste linje") { caseArg, note, decision, file, name };
        c.SetAction(p =>
        {
            var (kind, owner) = (p.GetValue(note), p.GetValue(decision)) switch
            {
                ({ } n, null) => (AttachmentOwnerKind.Note, Guid.TryParse(n, out var g) ? g : throw new ArgumentException($"--note: «{n}» er ikke en id (UUID).")),
                (null, { } d) => (AttachmentOwnerKind.Decision, Guid.TryParse(d, out var g) ? g : throw new ArgumentException($"--decision: «{d}» er ikke en id (UUID).")),
                _ => throw new ArgumentException("Oppgi enten --note eller --decision (ett av dem)."),
            };
            var path = p.GetValue(file)!;
            if (!File.Exists(path))
                throw new ArgumentException($"--file: finner ikke «{path}».");
            if (new FileInfo(path).Length > AttachmentRules.MaxBytes)
                throw new ArgumentException($"--file: filen er større enn {AttachmentRules.MaxBytes / 1024 / 1024} MiB.");
            var content = File.ReadAllBytes(path);
            using var s = Session.Open(p);
            var a = s.App.AddAttachmentAsync(s.Actor, CaseId.Parse(p.GetValue(caseArg)!), kind, owner, p.GetValue(name) ?? Path.GetFileName(path), content).GetAwaiter().GetResult();
            AnsiConsole.MarkupLineInterpolated($"[green]Vedlegg lagret[/]: {a.FileName} ({AttachmentRules.Find(a.TypeCode)?.Name}, {Size(a.Size)}, SHA-256 {a.Sha256}).");
            Console.Out.WriteLine(a.Id);
            return 0;
        });
        return c;
    }

    private static Command List()
    {
        var caseArg = new Argument<string>("case-id") { Description = "Sakens id (UUID)" };
        var c = new Command("list", "List sakens vedlegg (lesingen logges)") { caseArg };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            var list = s.App.ListAttachmentsAsync(s.Actor, CaseId.Parse(p.GetValue(caseArg)!), s.Purpose).GetAwaiter().GetResult();
            foreach (var a in list)
                AnsiConsole.MarkupLine($"{a.RecordedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} – {Markup.Escape(TerminalText.Safe(a.FileName))} – "
                    + $"{Markup.Escape(AttachmentRules.Find(a.TypeCode)?.Name ?? a.TypeCode)}, {Size(a.Size)} – {(a.OwnerKind == AttachmentOwnerKind.Note ? "notat" : "vedtak")} {a.OwnerId} – "
                    + $"{Markup.Escape(a.AuthorId)} – vedlegg {a.Id}");
            AnsiConsole.MarkupLineInterpolated($"{list.Count} vedlegg");
            return 0;
        });
        return c;
    }

    private static Command Get()
    {
        var idArg = new Argument<string>("attachment-id") { Description = "Vedleggets id (UUID)" };
        var output = new Option<string>("--out") { Description = "Filen vedlegget skrives til (finnes den fra før, avbrytes det)", Required = true };
        var c = new Command("get", "Hent et vedlegg til en fil (nedlastingen logges i sakens innsynslogg)") { idArg, output };
        c.SetAction(p =>
        {
            var id = Guid.TryParse(p.GetValue(idArg), out var g) ? g : throw new ArgumentException($"«{p.GetValue(idArg)}» er ikke en vedleggs-id (UUID).");
            var path = p.GetValue(output)!;
            if (File.Exists(path))
                throw new ArgumentException($"--out: «{path}» finnes fra før; velg et nytt filnavn.");
            using var s = Session.Open(p);
            var file = s.App.DownloadAttachmentAsync(s.Actor, id, s.Purpose).GetAwaiter().GetResult();
            using (var stream = new FileStream(path, FileMode.CreateNew))
                stream.Write(file.Content);
            AnsiConsole.MarkupLineInterpolated($"[green]Skrevet[/] {path}: {file.Attachment.FileName} ({Size(file.Attachment.Size)}, SHA-256 {file.Attachment.Sha256}).");
            return 0;
        });
        return c;
    }

    private static string Size(long bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes / 1024.0 / 1024.0:0.#} MiB";
}
