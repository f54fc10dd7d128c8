using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vern.Bench;

/// <summary>What the modes over one municipality's stored case states share (<c>state-decode</c>, <c>export-stages</c>): their
/// arguments, the states as the export reads them, and the CPU time of a stage.</summary>
internal static class StoredStates
{
    /// <summary>Reads <c>--db FILE [--municipality 7001] [--runs 5]</c> and loads the municipality's stored states (<see cref="Load"/>);
    /// null, after printing mode <paramref name="mode"/>'s usage, without --db.</summary>
    public static (List<byte[]> States, string Municipality, int Runs)? FromArguments(string[] args, string mode)
    {
        var at = Array.IndexOf(args, "--db");
        if (at < 0)
        {
            Console.Error.WriteLine($"usage: Vern.Bench {mode} --db FILE [--municipality 7001] [--runs 5]");
            return null;
        }

        var mAt = Array.IndexOf(args, "--municipality");
        var rAt = Array.IndexOf(args, "--runs");
        var municipality = mAt >= 0 ? args[mAt + 1] : "7001";
        return (Load(args[at + 1], municipality), municipality, rAt >= 0 ? int.Parse(args[rAt + 1], CultureInfo.InvariantCulture) : 5);
    }

    /// <summary>Every stored state of the municipality as the database's UTF-8 bytes, in the export's order.</summary>
    public static List<byte[]> Load(string db, string municipality)
    {
        var states = new List<byte[]>();
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT state FROM cases WHERE municipality = $m ORDER BY municipality, journal_number";
        cmd.Parameters.AddWithValue("$m", municipality);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            states.Add(r.GetFieldValue<byte[]>(0));
        return states;
    }

    /// <summary>CPU seconds of the whole process while <paramref name="action"/> runs (one thread: the other is idle).</summary>
    public static double CpuSeconds(Action action)
    {
        GC.Collect();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
    }
}
