namespace Vern.Domain.Validation;

/// <summary>How serious a <see cref="ValidationIssue"/> is. Matches SSB's levels in Kravspesifikasjon.md
/// (FATAL, ERROR, WARNING) plus <see cref="Info"/> for notes that block nothing.</summary>
public enum Severity
{
    Info = 0,
    Warning = 1,
    Error = 2,
    Fatal = 3,
}

/// <summary>One finding of a validator (valideringsfeil). Every validator in Vern returns
/// <c>IReadOnlyList&lt;ValidationIssue&gt;</c>.</summary>
/// <param name="Code">Stable identifier of the rule: for SSB controls the control's own name
/// (e.g. "Melding Kontroll 3"), for Vern's own rules a dotted id (e.g. "vern.fodselsnummer.mod11").</param>
/// <param name="Severity">How serious the finding is.</param>
/// <param name="Path">Where: an element path (e.g. "Sak[Id=…]/Melding[Id=…]") or a command field name.</param>
/// <param name="Message">Bokmål text for the user, naming the field and the rule.</param>
/// <param name="Source">The rule's source: law section, SSB control id or specification.</param>
public sealed record ValidationIssue(string Code, Severity Severity, string Path, string Message, string Source);
