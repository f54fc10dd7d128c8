using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Vern.Application;

namespace Vern.Web.Security;

/// <summary>Where the web server keeps the Data Protection keys that sign and encrypt its login and antiforgery cookies. The
/// framework's default on Linux is a folder in the server user's home: a container that restarts without it logs everyone out,
/// and two hosts behind one address reject each other's cookies. Vern keeps them in its database instead (migration 29, through
/// the application layer), under one application name, so every host on the database and every restart share them; or in a
/// configured folder. A configured certificate encrypts them at rest.</summary>
public static class KeyRing
{
    /// <summary>The application name every Vern host uses, so hosts installed in different folders share one key ring (the
    /// framework's default isolates apps by their content folder).</summary>
    public const string ApplicationName = "Vern";

    public static void AddVernKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(VernWebOptions.Section).Get<VernWebOptions>()?.Keys ?? new KeyRingOptions();
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (options.Folder is { Length: > 0 } folder)
            protection.PersistKeysToFileSystem(Directory.CreateDirectory(folder));
        else
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp)));
        if (options.Certificate is { Length: > 0 } certificate)
        {
            if (!File.Exists(certificate))
                throw new FileNotFoundException($"Vern:Keys:Certificate: finner ikke sertifikatfilen {certificate}.", certificate);
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate, options.CertificatePassword));
        }
    }

    /// <summary>The key ring in the Vern database: each call opens the application on the configured database (as a request does)
    /// and reads or appends through its <see cref="VernApp.KeyRing"/>. The framework calls it at start and about once a day.</summary>
    private sealed class DatabaseXmlRepository(IServiceProvider services) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var scope = services.CreateScope();
            return RingOf(scope).ReadAll().Select(x => XElement.Parse(x)).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var scope = services.CreateScope();
            RingOf(scope).Add(friendlyName, element.ToString(SaveOptions.DisableFormatting), scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        }

        private static Vern.Storage.Security.IKeyRingStore RingOf(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<VernApp>().KeyRing
            ?? throw new InvalidOperationException("Databasen har ikke noe sted for nøklene til informasjonskapslene.");
    }
}
