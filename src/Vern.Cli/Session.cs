using System.CommandLine;
using Vern.Application;
using Vern.Domain.CodeLists;
using Vern.Storage;

namespace Vern.Cli;

/// <summary>The CLI's composition helper and the one place it opens the database: through the application layer
/// (<see cref="VernApp.OpenSqlite"/>), with the code lists and the system clock (read here, at the edge), and the actor named
/// by --as, VERN_USER or the database's default user. Commands call <see cref="App"/> with <see cref="Actor"/>; none opens
/// the database or writes the access log itself.</summary>
public sealed class Session : IDisposable
{
    private Session(VernApp app, ParseResult parse, string dataSource, CodeListSet codeLists, Actor? actor, string purpose)
    {
        _parse = parse;
        App = app;
        DataSource = dataSource;
        CodeLists = codeLists;
        _actor = actor;
        Purpose = purpose;
    }

    private readonly ParseResult _parse;
    private Actor? _actor;

    public VernApp App { get; }

    /// <summary>Path of the database file.</summary>
    public string DataSource { get; }

    public CodeListSet CodeLists { get; }

    /// <summary>Who acts (a stored, enabled user).</summary>
    public Actor Actor => _actor ??= Wait(ResolveActor(App, _parse));

    /// <summary>The purpose given with --purpose ("" when none).</summary>
    public string Purpose { get; }

    /// <summary>Opens the database named by --db/VERN_DB (with <paramref name="create"/> false it must exist) and, resolves who acts:
    /// at once when <paramref name="needsActor"/>, else when <see cref="Actor"/> is first used.</summary>
    public static Session Open(ParseResult parse, bool create = false, bool needsActor = true)
    {
        var db = parse.GetValue(CommonOptions.Db)!;
        var codeLists = ReferenceFiles.LoadCodeLists(parse.GetValue(CommonOptions.Reference));
        var app = VernApp.Open(db, codeLists, TimeProvider.System, create);
        try
        {
            var actor = needsActor ? Wait(ResolveActor(app, parse)) : null;
            return new Session(app, parse, db, codeLists, actor, parse.GetValue(CommonOptions.Purpose) ?? "");
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>The user named by --as, else VERN_USER, else the database's default user; refused (exit 7) when none is named or
    /// the named one is not stored or is disabled.</summary>
    private static async Task<Actor> ResolveActor(VernApp app, ParseResult parse)
    {
        var named = parse.GetValue(CommonOptions.As) is { Length: > 0 } a ? (a, "--as")
            : Environment.GetEnvironmentVariable("VERN_USER") is { Length: > 0 } env ? (env, "VERN_USER")
            : await app.SettingAsync(VernApp.CliDefaultUserSetting) is { Length: > 0 } d ? (d, "databasens standardbruker")
            : ((string?)null, "");
        if (await app.HasNoUsersAsync())
            throw new AccessDeniedException("Databasen har ingen brukere ennå. Lag den første: «vern user add --id ID --name NAVN --role administrator», deretter brukere med roller (se docs/cli.md).");
        if (named.Item1 is null)
            throw new AccessDeniedException("Oppgi hvem du er: --as BRUKER eller VERN_USER (en lagret bruker; se «vern user list»).");
        try
        {
            return await app.ActorAsync(named.Item1);
        }
        catch (UnknownUserException)
        {
            throw new AccessDeniedException($"Brukeren «{named.Item1}» (fra {named.Item2}) finnes ikke i databasen; Vern handler bare som lagrede brukere (se «vern user list» og «vern user add»).");
        }
    }

    /// <summary>Waits for the application layer (the CLI is a console program without a synchronisation context).</summary>
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    public static void Wait(Task task) => task.GetAwaiter().GetResult();

    public void Dispose() => App.Dispose();
}
