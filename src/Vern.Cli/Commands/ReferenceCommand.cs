using System.CommandLine;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern reference</c>: which of SSB's reference files Vern uses (the XSD's version, the code lists'
/// release in SSB's version note and a digest of Kodelister.md) and where they came from: the copy embedded in
/// Vern, <c>VERN_REFERENCE</c> or <c>--reference DIR</c>.</summary>
public static class ReferenceCommand
{
    public static Command Create()
    {
        var command = new Command("reference", "Vis hvilke av SSBs referansefiler (XSD og kodelister) Vern bruker, og hvor de er hentet fra");
        command.SetAction(parse =>
        {
            var reference = ReferenceFiles.Resolve(parse.GetValue(CommonOptions.Reference));
            var origin = reference.Origin switch
            {
                ReferenceOrigin.Embedded => "innebygd",
                ReferenceOrigin.Environment => ReferenceFiles.EnvironmentVariable,
                ReferenceOrigin.Option => "--reference",
                _ => throw new InvalidOperationException($"Reference origin {reference.Origin} has not been implemented."),
            };
            var release = reference.ReleaseNote() ?? $"ukjent ({SsbReference.VersionFile} mangler)";
            Console.WriteLine($"Kilde: {origin}: {reference.Location}");
            Console.WriteLine($"XSD: {SsbReference.SchemaFile} versjon {reference.XsdVersion}");
            Console.WriteLine($"Kodelister: {SsbReference.CodeListFile}, {reference.CodeLists.Lists.Count()} lister, SHA-256 {reference.CodeListDigest()}");
            Console.WriteLine($"SSBs versjonsinfo: {release}");
            return 0;
        });
        return command;
    }
}
