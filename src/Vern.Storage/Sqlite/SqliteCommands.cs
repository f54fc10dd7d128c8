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

    /// <summary>The command for <paramref name="sql"/>, for a read a request runs again and again: on a kept connection
    /// (<see cref="SqliteKeptConnection"/>, a served file) the statement is compiled once and kept with the connection, else (the
    /// CLI, tests on bare files, or the same statement already in use) a new command. Dispose the result when done.</summary>
    public static SqliteStatement Statement(this SqliteConnection connection, string sql)
    {
        if (connection is SqliteKeptConnection kept && kept.Statement(sql) is { } command)
            return new SqliteStatement(command, kept);
        var created = connection.CreateCommand();
        created.CommandText = sql;
        return new SqliteStatement(created, null);
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

    /// <summary>Adds <paramref name="column"/> to <paramref name="table"/> where it is missing, so a migration step that adds a column can
    /// run again (SQLite has no ADD COLUMN IF NOT EXISTS; a database taken back to an earlier version and moved forward keeps it).</summary>
    public static void AddColumnIfMissing(this SqliteConnection connection, SqliteTransaction tx, string table, string column, string type)
    {
        if (connection.Scalar(tx, "SELECT count(*) FROM pragma_table_info($t) WHERE name = $c", ("$t", table), ("$c", column)) == 0)
            connection.Exec(tx, $"ALTER TABLE {table} ADD COLUMN {column} {type};");
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

/// <summary>A command from <see cref="SqliteCommands.Statement"/>: disposing it disposes a new command, or hands a kept one back to
/// its connection (parameters cleared, statement still compiled).</summary>
internal readonly struct SqliteStatement(SqliteCommand command, SqliteKeptConnection? keptBy) : IDisposable
{
    public SqliteCommand Command { get; } = command;

    public SqliteParameterCollection Parameters => Command.Parameters;

    public void Dispose()
    {
        if (keptBy is null)
            Command.Dispose();
        else
            keptBy.Release(Command);
    }
}
