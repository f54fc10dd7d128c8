using Microsoft.Data.Sqlite;

namespace Vern.Storage.Sqlite;

/// <summary>The one way the feature stores run a parameterised statement on their connection: null values become
/// <see cref="DBNull"/>, and the statement joins the given transaction.</summary>
internal static class SqliteCommands
{
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
        cmd.ExecuteNonQuery();
    }

    public static long Scalar(this SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.Command(tx, sql, parameters);
        return (long)cmd.ExecuteScalar()!;
    }
}
