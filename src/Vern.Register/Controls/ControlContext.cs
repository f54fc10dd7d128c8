using Vern.Domain.Validation;
using Vern.Domain.CodeLists;
using Vern.Register.Model;

namespace Vern.Register.Controls;

/// <summary>What a control sees: the file header, the case, the reporting date and the code lists.</summary>
/// <param name="AsOf">The reporting date (rapporteringsdato); the host passes today. Sak kontroll 1's year window
/// is counted from it, and a control whose Gyldig fra is later does not run.</param>
/// <param name="CodeLists">SSB's code lists; null skips the code-list validity rule.</param>
public sealed record ControlContext(RegisterFile File, RegisterCase Case, DateOnly AsOf, CodeListSet? CodeLists = null)
{
    /// <summary>DatoUttrekk as a calendar date in its own offset (Norwegian time). Controls that SSB defines from
    /// DatoUttrekk (Sak Kontroll 7, Tiltak Kontroll 9 and 13, Undersøkelse Kontroll 11) count from it.</summary>
    public DateOnly Uttrekk { get; } = DateOnly.FromDateTime(File.DatoUttrekk.DateTime);

    /// <summary>Path of the case element, e.g. <c>Sak[Id=…]</c>.</summary>
    public string SakPath { get; } = $"Sak[Id={Case.Id}]";

    /// <summary>Path of a child element with an Id, e.g. <c>Sak[Id=…]/Melding[Id=…]</c>.</summary>
    public string PathOf(string element, string id) => $"{SakPath}/{element}[Id={id}]";

    /// <summary>The child's birth date: Fodseldato of the newest Personalia (by StartDato), if any.</summary>
    public DateOnly? Fodselsdato { get; } = Case.Personalia.Count == 0
        ? null
        : Case.Personalia.MaxBy(p => p.StartDato)!.Fodseldato;
}

/// <summary>Collects findings for one case, applying the severity from the control's definition and SSB's
/// migration rule (data with MigrertId: ERROR becomes WARNING).</summary>
public sealed class Findings(ControlContext context)
{
    private readonly List<ValidationIssue> _issues = [];

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    /// <summary>Adds a finding of <paramref name="control"/> with the message <paramref name="messageKey"/>
    /// (defaults to the control's own text). <paramref name="migrertId"/> is the MigrertId of the element the finding
    /// is about; the case's own MigrertId counts too.</summary>
    public void Add(ControlDefinition control, string path, string? migrertId, string? messageKey = null, Severity? severity = null, params (string, object?)[] values)
    {
        var level = severity ?? control.Severity;
        if (level == Severity.Error && (migrertId is not null || context.Case.MigrertId is not null))
        {
            level = Severity.Warning;
        }

        _issues.Add(new ValidationIssue(control.Code, level, path, Messages.Format(messageKey ?? control.Code, values), ControlCodes.SourceOf(control.Code)));
    }

    public void Add(ControlDefinition control, string path, string? migrertId, params (string, object?)[] values) =>
        Add(control, path, migrertId, null, null, values);
}
