using Vern.Storage;
using Vern.Domain.Validation;
using Vern.Register.Samples;

namespace Vern.Register.Tests;

/// <summary>Shared helpers: SSB's reference files (through <see cref="ReferenceFiles"/>: VERN_REFERENCE, else the
/// embedded copy) and builders.</summary>
internal static class TestSupport
{
    public static readonly SsbReference Reference = ReferenceFiles.Resolve();

    public static readonly DateOnly AsOf = new(2026, 1, 15);

    public static RegisterValidationOptions Options(SchemaValidator validator = SchemaValidator.Fast) =>
        new(Reference, AsOf, validator, MaxParallelism: 2);

    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static string SampleXml(int seed = 1)
    {
        var doc = RegisterSamples.Realistic(seed);
        return RegisterWriter.WriteToString(doc.File, doc.Case);
    }

    public static FileValidationResult ValidateXml(string xml, SchemaValidator validator = SchemaValidator.Fast)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return RegisterValidation.ValidateStream(stream, "test.xml", Options(validator));
    }

    public static string Describe(IEnumerable<ValidationIssue> issues) =>
        string.Join("\n", issues.Select(i => $"{i.Severity} {i.Code} {i.Path}: {i.Message}"));
}
