using System.CommandLine;

namespace Vern.Cli;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public const string DefaultDb = "./data/vern.db";

    /// <summary><c>--db PATH</c>: the SQLite database; else <c>VERN_DB</c>; else <c>./data/vern.db</c>.</summary>
    public static readonly Option<string> Db = new("--db")
    {
        Description = "SQLite-databasen (ellers VERN_DB, ellers ./data/vern.db)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VERN_DB") is { Length: > 0 } env ? env : DefaultDb,
    };

    /// <summary><c>--reference DIR</c>: folder with SSB's reference files (else VERN_REFERENCE, else shared/reference found upward).</summary>
    public static readonly Option<string?> Reference = new("--reference")
    {
        Description = "Mappe med SSBs referansefiler (ellers VERN_REFERENCE, ellers shared/reference funnet oppover)",
        Recursive = true,
    };
}
