using Vern.Domain.CodeLists;
using Vern.Storage;

namespace Vern.Tests;

/// <summary>SSB's reference files for tests, through the same resolver as the program: VERN_REFERENCE if set
/// (to test a newer SSB release), else the copy embedded in Vern (reference/ssb-barnevern-register/).</summary>
internal static class TestReference
{
    public static readonly SsbReference Files = ReferenceFiles.Resolve();

    public static readonly Lazy<CodeListSet> CodeLists = new(() => Files.CodeLists);
}
