using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>The one way the feature stores run a parameterised statement on their connection: null values become
/// <see cref="DBNull"/>, the statement joins the given transaction, and a refusal by one of Vern's triggers comes out as
/// <see cref="StoreRefusedException"/> (<see cref="StoreRefusal"/>: the one mapping on SQLite).</summary>
internal static class SqliteCommands
{
    /// <summary>Runs <paramref name="cmd"/>; a trigger's refusal is thrown as <see cref="StoreRefusedException"/>.</summary>
    public static int Run(this SqliteCommand cmd)
    {
        try
        {
            return cmd.ExecuteNonQuery();
        }
        catch (SqliteException e) when (StoreRefusal.Translate(e) is { } refused)
        {
            throw refused;
        }
    }

    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static void Exec(this SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(tx, sql, parameters);
        cmd.Run();
    }

    public static long Scalar(this SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(tx, sql, parameters);
        try
        {
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException e) when (StoreRefusal.Translate(e) is { } refused)
        {
            throw refused;
        }
    }
}
