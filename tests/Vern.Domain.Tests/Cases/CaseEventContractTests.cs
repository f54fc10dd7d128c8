using System.Reflection;
using System.Text.Json.Serialization;
using Vern.Domain.Cases;

namespace Vern.Domain.Tests.Cases;

/// <summary>Every event and command type is registered with a fixed JSON discriminator (never the CLR name),
/// so history written today still reads after a rename.</summary>
public class CaseEventContractTests
{
    private static IEnumerable<Type> Concrete<T>() =>
        typeof(T).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(T)) && !t.IsAbstract);

    [Fact]
    public void EveryEventType_HasADiscriminator()
    {
        var registered = typeof(CaseEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        Assert.All(Concrete<CaseEvent>(), t => Assert.Contains(t, registered));
    }

    [Fact]
    public void EveryCommandType_HasADiscriminator()
    {
        var registered = typeof(CaseCommand).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        Assert.All(Concrete<CaseCommand>(), t => Assert.Contains(t, registered));
    }

    [Fact]
    public void Discriminators_AreUniqueKebabCase()
    {
        var names = typeof(CaseEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(-[a-z]+)*$", n));
    }
}
