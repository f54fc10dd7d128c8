using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Web.Forms;

/// <summary>A broken rule's message as a form shows it: the domain's messages name a field by its internal name (the JSON key of
/// the command, «receivedOn (2099-01-10) er etter dagens dato»), which is right for the API and an import file but not for a
/// caseworker at a form. Every field name of the form that the message mentions is replaced by the label the form shows for it
/// («Mottatt dato (10.01.2099) er etter dagens dato»); names of fields not on the form stay as they are. The dates in it are
/// written as the form asks for them (dd.mm.åååå, <see cref="Pages.Display.Date(DateOnly)"/>) rather than in the domain's ISO order.</summary>
public static partial class FieldText
{
    public static string Plain(string message, IEnumerable<(string Name, string Label)> fields)
    {
        message = Dates(message);
        foreach (var (name, label) in fields.OrderByDescending(f => f.Name.Length))
        {
            if (!message.Contains(name, StringComparison.Ordinal))
                continue;
            // The whole name only: "code" is not replaced inside "statusCode", nor "act" inside "legalBasis.act".
            message = Regex.Replace(message, $@"(?<![\w.]){Regex.Escape(name)}(?![\w])", label.Replace("$", "$$", StringComparison.Ordinal));
        }
        return message;
    }

    /// <summary>A message from the state side or the application layer, which names a field by its command-line option
    /// («--region: kommune 7777 har ikke noe fylke …»), as a form shows it: each option the form has becomes the form's label for
    /// it («Bufetat-region: kommune 7777 …»), and the dates are written as the form asks for them.</summary>
    public static string Options(string message, IEnumerable<(string Option, string Label)> fields) =>
        Plain(message, fields.Select(f => ("--" + f.Option, f.Label)));

    /// <summary>The message with its calendar dates written as the pages write them (dd.mm.åååå), for pages whose messages name
    /// no form field.</summary>
    public static string Dates(string message) =>
        IsoDate().Replace(message, m =>
            DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? Pages.Display.Date(date)
                : m.Value);

    /// <summary>A calendar date in ISO order standing alone: not part of a longer number, an instant («2024-01-31T…») or a
    /// journal number.</summary>
    [GeneratedRegex(@"(?<![\w.-])\d{4}-\d{2}-\d{2}(?![\w-])")]
    private static partial Regex IsoDate();

    /// <summary>The message for a form's list of broken rules, which links each to its field: the field's label first, unless the
    /// message already begins with it.</summary>
    public static string WithLabel(string label, string message) =>
        message.StartsWith(label, StringComparison.Ordinal) ? message : $"{label}: {message}";
}
