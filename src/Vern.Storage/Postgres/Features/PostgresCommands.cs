using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Vern.Storage.Postgres.Features;

/// <summary>The one way the PostgreSQL feature stores run a parameterised statement: named parameters written as the SQLite
/// stores write them (<c>$name</c>, sent as Npgsql's <c>@name</c>), null values as a typed NULL (text, so <c>$p IS NULL</c>
/// needs no cast), the statement joins the given transaction, and a trigger's refusal comes out as <see cref="StoreRefusedException"/>
/// (<see cref="ExecAsync"/>). One connection per call from the pool.</summary>
internal static partial class PostgresCommands
{
    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Named();

    public static NpgsqlCommand Command(this NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(Named().Replace(sql, "@$1"), connection, tx);
        foreach (var (name, value) in parameters)
        {
            var p = name.TrimStart('$', '@');
            if (value is null)
                cmd.Parameters.Add(new NpgsqlParameter(p, NpgsqlDbType.Text) { Value = DBNull.Value });
            else
                cmd.Parameters.AddWithValue(p, value);
        }
        return cmd;
    }

    /// <summary>Runs the statement; a refusal by one of Vern's triggers is thrown as <see cref="StoreRefusedException"/>
    /// (<see cref="StoreRefusal"/>: the one mapping on PostgreSQL).</summary>
    public static async Task<int> ExecAsync(this NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.Command(tx, sql, parameters);
        try
        {
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (StoreRefusal.Translate(e) is { } refused)
        {
            throw refused;
        }
    }

    public static async Task<object?> ScalarAsync(this NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.Command(tx, sql, parameters);
        try
        {
            var v = await cmd.ExecuteScalarAsync(ct);
            return v is DBNull ? null : v;
        }
        catch (PostgresException e) when (StoreRefusal.Translate(e) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>Serialises the writers of one store across connections and processes for the rest of the transaction (what
    /// SQLite's single writer gives the SQLite store): a read-check-write step then sees every write committed before it.</summary>
    public static Task LockAsync(this NpgsqlConnection connection, NpgsqlTransaction tx, long key, CancellationToken ct) =>
        connection.ExecAsync(tx, "SELECT pg_advisory_xact_lock($k)", ct, ("$k", key));

    /// <summary>A unique or primary-key violation.</summary>
    public static bool IsUniqueViolation(this PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;
}
