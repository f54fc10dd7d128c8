using System.CommandLine;
using Spectre.Console;
using Vern.Deadlines;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Cli.Commands;

/// <summary>Options shared by the deadline commands (deadlines, worklist, compliance, staff).</summary>
internal static class DeadlineOptions
{
    public static Option<DateOnly?> AsOf() => new("--as-of") { Description = "Datoen fristene beregnes for (standard: i dag)" };

    public static Option<string?> Municipality() => new("--municipality", "-m") { Description = "Bare én kommune (kommunenummer)" };

    /// <summary>Today in Norway, read from the system clock here at the edge.</summary>
    public static DateOnly Today() => NorwegianTime.Today(TimeProvider.System);

    /// <summary>Tables are wide: when output is redirected (no terminal width), use COLUMNS or 160 characters.</summary>
    public static void WideOutput()
    {
        if (!Console.IsOutputRedirected) return;
        AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var c) && c > 40 ? c : 160;
    }

    /// <summary>The deadline feature over the database's ports (the database must exist); dispose the database after use.</summary>
    public static (SqliteDatabase Database, DeadlineService Service) Open(ParseResult parse)
    {
        var db = SqliteDatabase.Open(Database(parse));
        return (db, new DeadlineService(db.Events, db.Events, db.DeadlineIndex, db.Staff));
    }

    /// <summary>The database path; it must exist.</summary>
    public static string Database(ParseResult parse)
    {
        WideOutput();
        var db = parse.GetValue(CommonOptions.Db)!;
        if (!File.Exists(db))
            throw new FileNotFoundException($"Databasen {db} finnes ikke. Lag den med «vern demo --db {db}» eller «vern init --db {db}».", db);
        return db;
    }
}
