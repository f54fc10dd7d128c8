using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Vern.Storage;
using Vern.Tests;

namespace Vern.Web.Tests;

/// <summary>The register page's export (issue 16: "the register page: findings before sending, the export, the delivery
/// history"): the leader's POST downloads a zip whose every file is a Barnevern_v4.xsd document that .NET's XmlSchemaSet (SSB's
/// own XSD, not Vern's fast validator) accepts; the export shows in the delivery history; a second export with nothing
/// changed makes no file; the server keeps no copy.</summary>
/// <remarks>On both engines (issue 17): on PostgreSQL the history was not read at all before migration 31.</remarks>
[Collection(PostgresTestSchema.Collection)]
public sealed class RegisterDownloadTests
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Export_DownloadsAZip_WhoseFilesPassTheXsd_AndTheDeliveryIsInTheHistory(string engine)
    {
        using var pg = new PostgresTestSchema();
        using var app = engine == "postgres" ? await VernWebFactory.StartAsync(pg.ConnectionString) : await VernWebFactory.StartAsync();
        var client = await app.LoginAsync(TestData.Leader);
        var page = await client.GetStringAsync("/register");
        Assert.Contains("Ingen leveranser ennå.", page, StringComparison.Ordinal);
        var tempBefore = Directory.GetDirectories(Path.GetTempPath(), "vern-export-*").ToHashSet();
        var response = await client.PostAsync("/register", Form(page));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Matches(@"^barnevern-7777-\d{4}-\d{2}-\d{2}\.zip$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "");

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var entries = zip.Entries.Where(e => e.Length > 0).ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            Assert.EndsWith(".xml", entry.Name, StringComparison.Ordinal);
            using var stream = entry.Open();
            Assert.Empty(XsdErrors(stream, entry.Name));
        }
        // TestData's one case in 7777 (journal 2026-0042) is in the file; the other municipality's case never is.
        var all = string.Join("\n", entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.Contains("2026-0042", all, StringComparison.Ordinal);
        Assert.DoesNotContain("OSLO-1", all, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "vern-export-*").Except(tempBefore)); // no copy left on the server

        // The history, through the API and on the page: one export with the files it delivered.
        var history = await client.GetFromJsonAsync<JsonElement>("/api/v1/register/deliveries");
        Assert.Equal(entries.Count, Assert.Single(history.EnumerateArray().ToList()).GetProperty("cases").GetInt32());
        var after = await client.GetStringAsync("/register");
        Assert.DoesNotContain("Ingen leveranser ennå.", after, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"num\">{entries.Count}</td>", after, StringComparison.Ordinal);

        var again = await client.PostAsync("/register", Form(after));
        Assert.Equal("text/html", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Ingen fil ble laget", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/register/deliveries")).EnumerateArray());
    }

    private static FormUrlEncodedContent Form(string page) => new(new Dictionary<string, string>
    {
        ["__vern_af"] = VernWebFactory.Token(page), ["orgnr"] = "974760673", ["kommunenavn"] = "Vernvik",
    });

    private static List<string> XsdErrors(Stream stream, string name)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Xsd.Value,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{name} {e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }
        return errors;
    }

    /// <summary>SSB's Barnevern_v4.xsd, compiled by .NET's XmlSchemaSet.</summary>
    private static readonly Lazy<XmlSchemaSet> Xsd = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var stream = TestReference.Files.Open(SsbReference.SchemaFile);
        using var r = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(null, r);
        set.Compile();
        return set;
    });
}
