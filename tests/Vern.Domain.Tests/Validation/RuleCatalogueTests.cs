using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Vern.Domain.Validation;

namespace Vern.Domain.Tests.Validation;

/// <summary>The catalogue of Vern's command rules (<see cref="RuleMessages"/>): every code has a text and a source,
/// and every code is asserted by some test, so a rule nobody checks cannot hide in it.</summary>
public sealed class RuleCatalogueTests
{
    private static readonly IReadOnlyList<(string Name, string Code)> Codes =
        [.. typeof(RuleCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))];

    [Fact]
    public void Catalogue_HasATextAndSourceForEveryCode_AndNoOther()
    {
        Assert.Equal(Codes.Select(c => c.Code).Order(StringComparer.Ordinal), RuleMessages.Rules.Keys.Order(StringComparer.Ordinal));
        Assert.All(RuleMessages.Rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Value.Template), r.Key);
            Assert.False(string.IsNullOrWhiteSpace(r.Value.Source), r.Key);
        });
    }

    [Fact]
    public void EveryCode_IsAssertedByATest()
    {
        // A code counts as asserted when a line of a test file under tests/ holds both "Assert" and the code
        // (RuleCodes.Name or its string value). A [Trait] alone does not count.
        var tests = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", ".."));
        Assert.True(Directory.Exists(Path.Combine(tests, "Vern.Domain.Tests")), $"the tests' sources are not at {tests}; run the tests from a source checkout");
        var assertLines = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFullPath(f) != SourceFile())
            .SelectMany(File.ReadLines)
            .Where(l => l.Contains("Assert", StringComparison.Ordinal))
            .ToList();
        var missing = Codes
            .Where(c => !assertLines.Any(l => Regex.IsMatch(l, $@"\bRuleCodes\.{c.Name}\b") || l.Contains($"\"{c.Code}\"", StringComparison.Ordinal)))
            .Select(c => $"RuleCodes.{c.Name} ({c.Code})")
            .ToList();
        Assert.True(missing.Count == 0, "No test asserts these rule codes:\n" + string.Join("\n", missing));
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
