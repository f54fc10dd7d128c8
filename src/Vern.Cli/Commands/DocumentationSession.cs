using System.CommandLine;
using Vern.Application;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary>What a documentation command needs: the application layer on the database and the actor (a stored user named
/// by <c>--as</c>, else <c>VERN_USER</c>). Documentation commands never open the database or write the access log themselves.</summary>
internal sealed class DocumentationSession : IDisposable
{
    /// <summary><c>--as USER</c>: the stored user who acts (else VERN_USER).</summary>
    public static readonly Option<string?> As = new("--as") { Description = "Brukeren som handler (ellers VERN_USER)", Recursive = true };

    /// <summary><c>--purpose TEXT</c>: why the content is read (required of auditors; logged for everyone).</summary>
    public static Option<string> Purpose() => new("--purpose") { Description = "Formålet med innsynet (logges; påkrevd for tilsyn)", DefaultValueFactory = _ => "" };

    private DocumentationSession(VernApp app, Actor actor)
    {
        App = app;
        Actor = actor;
    }

    public VernApp App { get; }

    public Actor Actor { get; }

    public static DocumentationSession Open(ParseResult parse)
    {
        var db = parse.GetValue(CommonOptions.Db)!;
        var user = parse.GetValue(As) is { Length: > 0 } u ? u
            : Environment.GetEnvironmentVariable("VERN_USER") is { Length: > 0 } env ? env
            : throw new ArgumentException("Oppgi hvem du er: --as BRUKER (eller VERN_USER).");
        if (!File.Exists(db))
            throw new FileNotFoundException($"Databasen {db} finnes ikke. Lag den med «vern init --db {db}» eller «vern demo --db {db}».", db);
        var app = VernApp.OpenSqlite(db, ReferenceFiles.LoadCodeLists(parse.GetValue(CommonOptions.Reference)), TimeProvider.System);
        try
        {
            return new DocumentationSession(app, app.ActorAsync(user).GetAwaiter().GetResult());
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>The text of <c>--text</c>, or of the file named by <c>--file</c> (UTF-8, at most 1 MB); exactly one of them.</summary>
    public static string Text(ParseResult parse, Option<string?> text, Option<string?> file)
    {
        var t = parse.GetValue(text);
        var f = parse.GetValue(file);
        if ((t is null) == (f is null))
            throw new ArgumentException("Oppgi enten --text TEKST eller --file FIL.");
        return t ?? CliFiles.ReadText(f!, 1024 * 1024);
    }

    public void Dispose() => App.Dispose();
}
