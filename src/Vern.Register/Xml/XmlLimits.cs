namespace Vern.Register.Xml;

/// <summary>Safety limits for reading a register file. A file that breaks one gets a FATAL finding
/// (code <see cref="Controls.ControlCodes.Filbeskrivelse"/>) instead of being read further.</summary>
/// <param name="MaxFileBytes">Largest file accepted; checked before reading. A realistic case is 5–50 KB.</param>
/// <param name="MaxDepth">Deepest element nesting accepted. The XSD needs 5 levels (Barnevern/Sak/Tiltak/Lovhjemmel/Lov).</param>
/// <param name="MaxAttributeLength">Longest attribute value accepted. The XSD's longest (Presisering) is 10,000.</param>
/// <param name="MaxIssuesPerFile">Stop collecting schema findings after this many in one file.</param>
public sealed record XmlLimits(
    long MaxFileBytes = 20_000_000,
    int MaxDepth = 64,
    int MaxAttributeLength = 100_000,
    int MaxIssuesPerFile = 100)
{
    public static readonly XmlLimits Default = new();
}
