using System.Globalization;
using Npgsql;

namespace Vern.Storage.Postgres;

/// <summary>How a <c>--db</c> argument names a PostgreSQL database: a URI (<c>postgres://user:pass@host:port/db?…</c>, also
/// <c>postgresql://</c>, with several hosts as <c>host1:5432,host2:5432</c>) or an Npgsql connection string
/// (<c>Host=…;Database=…</c>).</summary>
public static class PostgresConnection
{
    /// <summary>True when <paramref name="db"/> names a PostgreSQL database rather than a SQLite file.</summary>
    public static bool Names(string db) =>
        db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || db.StartsWith("Server=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Npgsql connection string for <paramref name="db"/>. URI query keys follow libpq's names
    /// (<c>sslmode</c>, <c>target_session_attrs</c>, <c>connect_timeout</c>, <c>application_name</c>) and Npgsql's own
    /// (<c>search_path</c> = Search Path).</summary>
    public static string ToConnectionString(string db)
    {
        if (!db.Contains("://", StringComparison.Ordinal))
            return new NpgsqlConnectionStringBuilder(db).ConnectionString;
        var rest = db[(db.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var b = new NpgsqlConnectionStringBuilder();
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) (rest, query) = (rest[..q], rest[(q + 1)..]);
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var user = rest[..at];
            rest = rest[(at + 1)..];
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            b.Username = Uri.UnescapeDataString(colon >= 0 ? user[..colon] : user);
            if (colon >= 0) b.Password = Uri.UnescapeDataString(user[(colon + 1)..]);
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hosts = slash >= 0 ? rest[..slash] : rest;
        if (slash >= 0 && slash < rest.Length - 1) b.Database = Uri.UnescapeDataString(rest[(slash + 1)..]);
        if (hosts.Length == 0)
            throw new ArgumentException($"--db {Redact(db)}: mangler vertsnavn (postgres://bruker@vert:port/database).");
        b.Host = hosts; // Npgsql takes "h1:p1,h2:p2" as it is
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = Uri.UnescapeDataString(eq >= 0 ? pair[(eq + 1)..] : "");
            switch (key)
            {
                case "sslmode": b.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true); break;
                case "target_session_attrs": b.TargetSessionAttributes = value; break;
                case "connect_timeout": b.Timeout = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "application_name": b.ApplicationName = value; break;
                case "search_path": b.SearchPath = value; break;
                case "user": b.Username = value; break;
                case "password": b.Password = value; break;
                default: b[key] = value; break; // any Npgsql keyword, e.g. "Maximum Pool Size"
            }
        }
        return b.ConnectionString;
    }

    /// <summary>The argument with any password replaced, for messages.</summary>
    public static string Redact(string db)
    {
        if (db.Contains("://", StringComparison.Ordinal))
        {
            var start = db.IndexOf("://", StringComparison.Ordinal) + 3;
            var at = db.LastIndexOf('@');
            var colon = at > start ? db.IndexOf(':', start, at - start) : -1;
            return colon >= 0 ? db[..(colon + 1)] + "***" + db[at..] : db;
        }
        try
        {
            var b = new NpgsqlConnectionStringBuilder(db);
            if (b.Password is not null) b.Password = "***";
            return b.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(ugyldig tilkoblingsstreng)";
        }
    }

    /// <summary>The pool size of one Vern process when the connection names none (issue 17, "Under load"). Npgsql's own default
    /// (100) equals PostgreSQL's default <c>max_connections</c> (100), so one busy <c>vern serve</c> could take every connection
    /// the server has and lock out <c>psql</c>, <c>pg_dump</c> and a second Vern process. 40 leaves 57 of the default 100 (3 are
    /// <c>superuser_reserved_connections</c>) for those. Set <c>Maximum Pool Size</c> in the connection (or
    /// <c>?Maximum%20Pool%20Size=N</c> in a URI) so that the pools of every Vern process together stay below the server's
    /// <c>max_connections</c> with room for administration (docs/reliability.md, "Connections").</summary>
    public const int DefaultMaxPoolSize = 40;

    /// <summary>Statements each pooled connection keeps prepared on the server when the connection names no number (Npgsql's
    /// automatic preparation: a statement run 5 times on a connection is prepared there and then only bound and executed). The
    /// web host runs a few dozen statements per request type over and over (the access-log insert, the cookie's user read, the
    /// change feed's cursor, a case's state and events): without it PostgreSQL parsed and planned each one on every request
    /// (issue 17, under load). <c>Max Auto Prepare=0</c> in the connection turns it off (needed behind a transaction-mode pooler
    /// such as PgBouncer before 1.21).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>Whether a connection going back to the pool is left as it is (Npgsql's <c>No Reset On Close</c>) when the
    /// connection names nothing. Npgsql otherwise resets the session on every return: with prepared statements kept it cannot send
    /// <c>DISCARD ALL</c>, so it sends its seven parts (<c>CLOSE ALL</c>, <c>SET SESSION AUTHORIZATION DEFAULT</c>, <c>RESET ALL</c>,
    /// <c>UNLISTEN *</c>, <c>SELECT pg_advisory_unlock_all()</c>, <c>DISCARD SEQUENCES</c>, <c>DISCARD TEMP</c>) before the next
    /// statement, and PostgreSQL runs each as its own transaction: under the load mix that was ≈ 3.7 returns and 26 extra
    /// statements a request, more than all of Vern's own (issue 17, under load; pg_stat_statements). Vern leaves nothing in a
    /// session to reset: its advisory locks are transaction-scoped (<c>pg_advisory_xact_lock</c>), and it sets no session
    /// setting, makes no temporary table, listens to nothing and keeps no cursor past a transaction. <c>No Reset On Close=false</c>
    /// in the connection turns the reset back on.</summary>
    public const bool DefaultNoResetOnClose = true;

    /// <summary>The connection string a Vern process uses for <paramref name="db"/>: <see cref="ToConnectionString"/> with the
    /// application name "vern", <see cref="DefaultMaxPoolSize"/>, <see cref="DefaultMaxAutoPrepare"/> and
    /// <see cref="DefaultNoResetOnClose"/> where the argument names none of them.</summary>
    public static string ForVern(string db)
    {
        var text = ToConnectionString(db);
        var b = new NpgsqlConnectionStringBuilder(text);
        if (string.IsNullOrEmpty(b.ApplicationName)) b.ApplicationName = "vern";
        if (!Names(text, "maxpoolsize", "maximumpoolsize")) b.MaxPoolSize = DefaultMaxPoolSize;
        if (!Names(text, "maxautoprepare")) b.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Names(text, "noresetonclose")) b.NoResetOnClose = DefaultNoResetOnClose;
        return b.ConnectionString;
    }

    /// <summary>The connection string for moving a whole database (<c>vern migrate</c>): <see cref="ForVern"/>
    /// with no statement time limit unless the argument names one. Npgsql's default of 30 s applies to each COPY too, and copying
    /// a national database's 8 M events into indexed, trigger-guarded tables takes longer than that between the last row sent and
    /// the server's answer: the move failed after 14 minutes with «Exception while reading from stream» and rolled back.</summary>
    public static string ForBulk(string db)
    {
        var text = ForVern(db);
        if (Names(text, "commandtimeout"))
            return text;
        return new NpgsqlConnectionStringBuilder(text) { CommandTimeout = 0 }.ConnectionString;
    }

    /// <summary>The largest number of connections a Vern process keeps open to <paramref name="db"/> (its pool's size).</summary>
    public static int MaxPoolSize(string db) => new NpgsqlConnectionStringBuilder(ForVern(db)).MaxPoolSize;

    /// <summary>True when the connection string sets one of <paramref name="keys"/> (compared without spaces or case: Npgsql
    /// accepts "Maximum Pool Size" and "MaxPoolSize").</summary>
    private static bool Names(string connectionString, params string[] keys) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)[0].Replace(" ", "", StringComparison.Ordinal).Trim().ToLowerInvariant())
            .Any(k => keys.Contains(k));

    /// <summary>A pooled data source for <paramref name="db"/> (<see cref="ForVern"/>). Connections that a failover broke are
    /// dropped by the pool, and a new connection goes to whichever host of a multi-host string accepts writes
    /// (target_session_attrs=read-write).</summary>
    public static NpgsqlDataSource CreateDataSource(string db) => NpgsqlDataSource.Create(ForVern(db));
}
