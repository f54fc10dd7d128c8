namespace Vern.Web;

/// <summary>Starts the web application on its own (<c>dotnet run --project src/Vern.Web</c>); <c>vern serve</c> calls
/// <see cref="VernWeb.Build"/> directly. Also the entry point WebApplicationFactory finds in tests.</summary>
public sealed class Program
{
    public static void Main(string[] args) => VernWeb.Build(args).Run();
}
