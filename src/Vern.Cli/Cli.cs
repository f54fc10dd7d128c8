using System.CommandLine;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using Vern.Domain.Validation;
using Vern.Storage;

namespace Vern.Cli;

/// <summary>Runs the root command and is the one place that turns failures a user can cause into a one-line message
/// on standard error and a documented exit code (docs/cli.md): 2 refused input (a rule broken, a bad option, a bad
/// file), 3 a concurrency conflict, 4 a file, folder or database not found, 5 a file could not be read or written
/// (no space, no access, a read-only place), 6 the database could not be used (not a database, locked, damaged), 7 access denied (the actor may not do this; logged).
/// Commands themselves throw; they do not catch.</summary>
public static partial class Cli
{
    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
            return Refuse(parse);
        var db = parse.GetValue(CommonOptions.Db);
        var dbExisted = File.Exists(db);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (DomainRuleException e)
        {
            RemoveIfCreatedEmpty(db, dbExisted);
            AnsiConsole.MarkupLine("[red]Avvist – ingenting ble lagret:[/]");
            foreach (var issue in e.Issues)
                AnsiConsole.MarkupLineInterpolated($"  [red]{TerminalText.Safe(issue.Message)}[/] [grey]({issue.Code}; {issue.Source})[/]");
            return ExitCodes.Refused;
        }
        catch (Exception e) when (Describe(e, db) is { } failure)
        {
            RemoveIfCreatedEmpty(db, dbExisted);
            Fail(failure.Message);
            return failure.Code;
        }
    }

    /// <summary>The exit code and one-line message for a failure a user can cause; null for anything else (a bug,
    /// which keeps its stack trace).</summary>
    public static (int Code, string Message)? Describe(Exception e, string? db) => e switch
    {
        AggregateException a when a.Flatten().InnerExceptions is [var single] => Describe(single, db),
        Vern.Application.AccessDeniedException => (ExitCodes.AccessDenied, $"Tilgang nektet: {e.Message}"),
        Vern.Storage.Sqlite.SchemaOutdatedException => (ExitCodes.DatabaseError, e.Message),
        ConcurrencyException or DeliveryConflictException => (ExitCodes.Conflict, e.Message),
        StoreRefusedException => (ExitCodes.Conflict, e.Message),
        SqliteException or Npgsql.PostgresException when StoreRefusal.Translate(e) is { } refused => (ExitCodes.Conflict, refused.Message),
        Vern.Storage.Documentation.NoteConcurrencyException => (ExitCodes.Conflict, e.Message),
        Vern.Storage.Parties.PersonConcurrencyException => (ExitCodes.Conflict, e.Message),
        Npgsql.PostgresException p => (ExitCodes.DatabaseError, $"PostgreSQL: {p.MessageText} ({p.SqlState})"),
        Npgsql.NpgsqlException n => (ExitCodes.DatabaseError, db is not null && Vern.Storage.Postgres.PostgresConnection.Names(db)
            ? $"PostgreSQL ({Vern.Storage.Postgres.PostgresConnection.Redact(db)}): {Inner(n)}"
            : $"PostgreSQL: {Inner(n)}"),
        SqliteException s => (s.SqliteErrorCode == 13 ? ExitCodes.FileError : ExitCodes.DatabaseError, Database(s, db)),
        _ => DescribeInput(e),
    };

    /// <summary>Npgsql's message with the cause it wraps («Exception while reading from stream» says nothing by itself; its inner
    /// exception says it was a timeout).</summary>
    private static string Inner(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;

    /// <summary>SQLite's primary result codes (https://www.sqlite.org/rescode.html) in words a user can act on.</summary>
    private static string Database(SqliteException e, string? db) => e.SqliteErrorCode switch
    {
        5 or 6 => $"Databasen {db} er låst av en annen skriver; ingenting ble lagret. Prøv igjen.",
        8 => $"Databasen {db} kan bare leses (skrivebeskyttet fil eller mappe), og Vern bruker den ikke slik: hver lesning av et barns opplysninger skal føres i tilgangsloggen, og loggen kan ikke skrives her (docs/architecture.md, «Skrivebeskyttet database»). Ingenting ble lest eller lagret.",
        11 => $"Databasen {db} er skadet (SQLite: {e.Message}).",
        13 => $"Disken er full; ingenting ble lagret i {db}.",
        14 => $"Kan ikke åpne databasen {db} (finnes mappen, og er det en fil?).",
        26 => $"{db} er ikke en SQLite-database; oppgi en Vern-database med --db.",
        _ => $"Databasefeil i {db}: {e.Message}",
    };

    /// <summary>A failed command leaves nothing behind: a database file it created and left without a single event or
    /// read is removed again (with its WAL and shared-memory files).</summary>
    private static void RemoveIfCreatedEmpty(string? db, bool existed)
    {
        if (!existed && db is not null && VernDatabase.EngineOf(db) == Engine.Sqlite)
            Vern.Storage.Sqlite.SqliteFiles.RemoveIfUnused(db);
    }
}
