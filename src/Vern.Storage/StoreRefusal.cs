using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vern.Storage;

/// <summary>A write the database itself refused by one of Vern's own rules kept in the schema (issue 17: the same refusal on
/// both engines): an append-only table's UPDATE or DELETE, a person recorded on a second case, a received report disposed of
/// twice, an invoice number stored twice. Nothing of the write was stored. The same type on SQLite and PostgreSQL, so the CLI
/// (exit 3) and the web (409) answer alike; <see cref="Rule"/> is the schema's own sentence (the trigger's text).</summary>
public sealed class StoreRefusedException(string message, string rule, Exception? inner = null) : InvalidOperationException(message, inner)
{
    /// <summary>The rule as the schema states it (the trigger's message, in English, the same on both engines).</summary>
    public string Rule { get; } = rule;
}

/// <summary>The one place a refusal by a Vern trigger is recognised and worded, for both engines: SQLite's
/// SQLITE_CONSTRAINT_TRIGGER (19/1811, from <c>RAISE(ABORT, …)</c>) and PostgreSQL's raise_exception (SQLSTATE P0001, from
/// <c>RAISE EXCEPTION …</c>). Each engine's one statement helper (<see cref="Sqlite.SqliteCommands"/>,
/// <see cref="Postgres.Features.PostgresCommands"/>) throws <see cref="Translate"/>'s exception in place of the driver's, so a
/// store needs no catch of its own; the hosts (CLI exit 3, web 409) translate a raw driver refusal the same way, for a
/// statement that did not go through a helper.</summary>
public static class StoreRefusal
{
    /// <summary>Vern's bokmål sentence for a schema rule whose English text alone would leave a user guessing (the rule stays
    /// in <see cref="StoreRefusedException.Rule"/>). Other rules get a sentence from their kind.</summary>
    private static readonly Dictionary<string, string> Sentences = new(StringComparer.Ordinal)
    {
        ["a case person belongs to one case"] = "Personen hører til en annen sak og kan ikke føres på denne saken.",
        ["an access token changes only when it is revoked, once"] = "En tilgangsnøkkel kan bare trekkes tilbake, og bare én gang.",
    };

    /// <summary>SQLite's extended result code for a RAISE(ABORT) in a trigger (https://www.sqlite.org/rescode.html#constraint_trigger).</summary>
    private const int SqliteConstraintTrigger = 1811;

    /// <summary>The trigger's own text, or null when <paramref name="e"/> is no trigger refusal (searches inner exceptions).</summary>
    public static string? RuleOf(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StoreRefusedException r:
                    return r.Rule;
                case SqliteException s when s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode == SqliteConstraintTrigger:
                    return SqliteText(s.Message);
                case PostgresException p when p.SqlState == PostgresErrorCodes.RaiseException:
                    return p.MessageText;
            }
        }
        return null;
    }

    /// <summary>The one Vern exception for a trigger refusal from either engine; null for any other failure.</summary>
    public static StoreRefusedException? Translate(Exception e) => e as StoreRefusedException
        ?? (RuleOf(e) is { } rule ? new StoreRefusedException($"Databasen avviste skrivingen: {Norwegian(rule)} Ingenting ble lagret.", rule, e) : null);

    /// <summary>The refusal for <paramref name="rule"/> with Vern's own message (a store that knows what was refused).</summary>
    public static StoreRefusedException Refused(string message, string rule, Exception? inner = null) => new(message, rule, inner);

    /// <summary>"SQLite Error 19: 'a case person belongs to one case'." → the quoted text.</summary>
    private static string SqliteText(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }

    /// <summary>The schema's English rule, with a bokmål lead for the common kinds.</summary>
    private static string Norwegian(string rule) =>
        Sentences.TryGetValue(rule, out var sentence) ? $"{sentence} ({rule})"
        : rule.Contains("append-only", StringComparison.Ordinal) || rule.Contains("never", StringComparison.Ordinal)
            ? $"raden kan ikke endres eller slettes ({rule})."
            : $"{rule}.";
}
