namespace Vern.Domain.Validation;

/// <summary>A command was refused: it breaks one or more rules. Nothing was stored.
/// <see cref="Exception.Message"/> joins the issues' bokmål messages.</summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(IReadOnlyList<ValidationIssue> issues)
        : base(string.Join(" ", issues.Select(i => i.Message))) => Issues = issues;

    public DomainRuleException() : this([]) { }

    public DomainRuleException(string message) : base(message) => Issues = [];

    public DomainRuleException(string message, Exception innerException) : base(message, innerException) => Issues = [];

    public IReadOnlyList<ValidationIssue> Issues { get; }
}
