using System.CommandLine;

namespace Vern.Cli;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public const string DefaultDb = "./data/vern.db";

    /// <summary>Adds the options every command understands to the root (they are recursive, so every subcommand takes them).</summary>
    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Db);
        root.Options.Add(Reference);
        root.Options.Add(As);
        root.Options.Add(Purpose);
    }

    /// <summary><c>--db PATH</c>: the SQLite database; else <c>VERN_DB</c>; else <c>./data/vern.db</c>.</summary>
    public static readonly Option<string> Db = new("--db")
    {
        Description = "Databasen: en SQLite-fil, eller PostgreSQL som postgres://bruker@vert/db eller Host=…;Database=… (ellers VERN_DB, ellers ./data/vern.db)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VERN_DB") is { Length: > 0 } env ? env : DefaultDb,
    };

    /// <summary><c>--reference DIR</c>: folder with a newer release of SSB's reference files (else VERN_REFERENCE,
    /// else the copy embedded in Vern).</summary>
    public static readonly Option<string?> Reference = new("--reference")
    {
        Description = "Mappe med en nyere utgave av SSBs referansefiler (ellers VERN_REFERENCE, ellers kopien innebygd i Vern)",
        Recursive = true,
    };

    /// <summary><c>--as USER</c>: the stored user the command acts as; else <c>VERN_USER</c>; else the database's default
    /// (set by <c>vern demo</c> and <c>vern generate</c>). Never the OS user.</summary>
    public static readonly Option<string?> As = new("--as")
    {
        Description = "Brukeren kommandoen handler som (en lagret bruker; ellers VERN_USER, ellers databasens standardbruker fra «vern demo»)",
        Recursive = true,
    };

    /// <summary><c>--purpose TEXT</c>: why case data is read; logged with every read (required for the auditor role).</summary>
    public static readonly Option<string?> Purpose = new("--purpose")
    {
        Description = "Formålet med innsynet; logges med hver lesing (påkrevd for tilsyn)",
        Recursive = true,
    };
}
