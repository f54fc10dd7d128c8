namespace Vern.Deadlines.Rules;

/// <summary>Rettskilde: where a rule comes from — an Act or regulation, its section (paragraf) and, where
/// verified, its subsection (ledd), with the Lovdata address. A newcomer finds a rule by grepping "§ 2-1".</summary>
/// <param name="Law">The Norwegian short title, e.g. "barnevernsloven", "barnevernloven (1992)", "fosterhjemsforskriften".</param>
/// <param name="Section">The section, e.g. "2-1"; null when only a chapter or the regulation as a whole is cited.</param>
/// <param name="Subsection">The ledd in words ("første ledd"), only where checked against a source; else null.</param>
/// <param name="Url">Lovdata address of the Act or section.</param>
/// <param name="Note">What was and was not verified, and from where.</param>
public sealed record LegalSource(string Law, string? Section, string? Subsection, string Url, string? Note = null)
{
    /// <summary>Citation as written in Norwegian law texts, e.g. "barnevernsloven § 2-1 første ledd".</summary>
    public string Citation => Law + (Section is null ? "" : $" § {Section}") + (Subsection is null ? "" : $" {Subsection}");

    public override string ToString() => Citation;
}

/// <summary>An SSB register control that counts the same deadline in calendar days (Kravspesifikasjon.md).</summary>
/// <param name="Name">The control's own name, e.g. "Melding Kontroll 3".</param>
/// <param name="Days">Days after the start date the control allows.</param>
/// <param name="ExtendedDays">Days allowed when an extension is granted (Undersøkelse Kontroll 11: 7 + 180).</param>
public sealed record RegisterControl(string Name, int Days, int? ExtendedDays = null);
