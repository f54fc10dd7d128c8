using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vern.Domain.Validation;
using Vern.Register;
using Vern.Storage;

namespace Vern.Cli.Commands;

/// <summary><c>vern validate register PATH</c>: checks one register file, a folder of *.xml files or a .zip against
/// SSB's XSD (Barnevern_v4.xsd) and every control in Kravspesifikasjon.md, and reports per file. Exit status 1 when a
/// file has a FATAL or ERROR finding, 0 otherwise.</summary>
public static class ValidateRegisterCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "En registerfil (.xml), en mappe med .xml-filer, eller en .zip" };
        var asOf = new Option<DateOnly?>("--as-of")
        {
            Description = "Rapporteringsdato (yyyy-MM-dd); ellers dagens dato",
            CustomParser = r =>
            {
                if (CliDates.TryParse(r.Tokens[0].Value) is { } d) return d;
                r.AddError($"--as-of: «{r.Tokens[0].Value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.");
                return null;
            },
        };
        var format = new Option<string>("--format") { Description = "Utdata: table eller json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var validator = new Option<string>("--schema-validator") { Description = "fast (standard) eller xsd (.NET XmlSchemaSet)", DefaultValueFactory = _ => "fast" };
        validator.AcceptOnlyFromAmong("fast", "xsd");

        var command = new Command("register", "Validér filer til Nasjonalt barnevernregister (SSB): XSD og alle kontroller") { path, asOf, format, validator };
        command.SetAction(p =>
        {
            var target = p.GetValue(path)!;
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                throw new FileNotFoundException($"Finner ikke {target}.", target);
            }

            var options = new RegisterValidationOptions(
                ReferenceFiles.Resolve(p.GetValue(CommonOptions.Reference)),
                p.GetValue(asOf) ?? NorwegianTime.Today(TimeProvider.System),
                p.GetValue(validator) == "xsd" ? SchemaValidator.Xsd : SchemaValidator.Fast);
            var watch = Stopwatch.StartNew();
            var results = RegisterValidation.ValidatePath(target, options);
            watch.Stop();

            if (p.GetValue(format) == "json")
            {
                WriteJson(results);
            }
            else
            {
                WriteLines(results);
            }

            var failed = results.Count(r => r.HasErrors);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{results.Count} fil(er) validert på {watch.Elapsed.TotalSeconds:F2} s ({results.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9):F0} filer/s, {options.Validator}); {failed} med FATAL eller ERROR");
            if (p.GetValue(format) == "json")
            {
                Console.Error.WriteLine(summary);
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"{summary}");
            }

            return failed > 0 ? 1 : 0;
        });
        return command;
    }

    private static string Level(Severity s) => s switch
    {
        Severity.Fatal => "FATAL",
        Severity.Error => "ERROR",
        Severity.Warning => "WARNING",
        _ => "INFO",
    };

    private static void WriteJson(IReadOnlyList<FileValidationResult> results)
    {
        using var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        foreach (var r in results)
        {
            foreach (var i in r.Issues)
            {
                json.WriteStartObject();
                json.WriteString("file", r.File);
                json.WriteString("control", i.Code);
                json.WriteString("severity", Level(i.Severity));
                json.WriteString("message", i.Message);
                json.WriteString("path", i.Path);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.Flush();
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>One line per finding (file, severity, control, message, path), like a compiler's or xmllint's output:
    /// cheap for thousands of findings (a table had to measure every cell first) and easy to grep.</summary>
    private static void WriteLines(IReadOnlyList<FileValidationResult> results)
    {
        var colour = AnsiConsole.Profile.Capabilities.Ansi;
        var output = Console.Out;
        var rows = 0;
        foreach (var r in results)
        {
            foreach (var i in r.Issues)
            {
                var level = Level(i.Severity);
                if (colour)
                {
                    level = (i.Severity switch { Severity.Fatal or Severity.Error => "\e[31m", Severity.Warning => "\e[33m", _ => "\e[90m" }) + level + "\e[0m";
                }

                output.WriteLine($"{TerminalText.Safe(Path.GetFileName(r.File))}: {level} {i.Code}: {TerminalText.Safe(i.Message)} [{TerminalText.Safe(i.Path)}]");
                rows++;
            }
        }

        if (rows == 0)
        {
            AnsiConsole.MarkupLine("[green]Ingen funn.[/]");
        }
    }
}
