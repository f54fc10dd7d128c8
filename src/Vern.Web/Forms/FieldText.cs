using System.Text.RegularExpressions;

namespace Vern.Web.Forms;

/// <summary>A broken rule's message as a form shows it: the domain's messages name a field by its internal name (the JSON key of
/// the command, «receivedOn (2099-01-10) er etter dagens dato»), which is right for the API and an import file but not for a
/// caseworker at a form. Every field name of the form that the message mentions is replaced by the label the form shows for it
/// («Mottatt dato (2099-01-10) er etter dagens dato»); names of fields not on the form stay as they are.</summary>
public static class FieldText
{
    public static string Plain(string message, IEnumerable<(string Name, string Label)> fields)
    {
        foreach (var (name, label) in fields.OrderByDescending(f => f.Name.Length))
        {
            if (!message.Contains(name, StringComparison.Ordinal))
                continue;
            // The whole name only: "code" is not replaced inside "statusCode", nor "act" inside "legalBasis.act".
            message = Regex.Replace(message, $@"(?<![\w.]){Regex.Escape(name)}(?![\w])", label.Replace("$", "$$", StringComparison.Ordinal));
        }
        return message;
    }

    /// <summary>The message for a form's list of broken rules, which links each to its field: the field's label first, unless the
    /// message already begins with it.</summary>
    public static string WithLabel(string label, string message) =>
        message.StartsWith(label, StringComparison.Ordinal) ? message : $"{label}: {message}";
}
