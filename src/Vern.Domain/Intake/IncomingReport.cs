using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vern.Domain.Cases;
using Vern.Domain.People;
using Vern.Domain.Validation;

namespace Vern.Domain.Intake;

/// <summary>A report of concern (bekymringsmelding) as a sender system delivers it to the intake (mottak), before a person
/// has registered it on a case. The JSON body of <c>POST /api/v1/intake/reports</c> and of the files read by
/// <c>vern intake import</c> (docs/intake.md). The law: the service must review every incoming report "snarest og senest
/// innen en uke" (barnevernsloven § 2-1 første ledd); the intake keeps the report until a person has registered or
/// rejected it, so none is lost on the way (issue 18).</summary>
/// <param name="MessageId">The sender's own id of the message (meldings-id); with the sender it makes a delivery idempotent.</param>
/// <param name="SenderKind">What kind of sender (avsendertype): one of <see cref="SenderKinds.All"/>.</param>
/// <param name="MunicipalityNumber">The municipality (kommunenummer) whose child welfare service the report is for.</param>
/// <param name="ReceivedAt">When the sender received the report from the person who made it (e.g. the national form's
/// submission time); kept as told. Vern's own receipt time is the receipt's, and the § 2-1 clock runs from that.</param>
/// <param name="Bydel">The bydel (bydelsnummer, two digits; Barnevern_v4.xsd Avgiver/@Bydelsnummer) whose child welfare service
/// the report is for, in a municipality whose bydeler are separate services (Oslo); optional. Without it (or where no bydel of
/// that number serves) the report goes to the municipality's reception, which routes it (docs/intake.md, «Bydel»).</param>
public sealed record IncomingReport(
    string? MessageId,
    string? SenderKind,
    string? MunicipalityNumber,
    IncomingChild? Child,
    string? Description,
    IncomingReporter? Reporter,
    DateTimeOffset? ReceivedAt,
    string? Sender = null,
    string? Bydel = null);

/// <summary>The child the report is about (barnet): fødselsnummer or D-nummer when known, else name and birth date.</summary>
public sealed record IncomingChild(string? Identifier, string? GivenName, string? FamilyName, DateOnly? BirthDate, Sex? Sex = null);

/// <summary>Who made the report (melder). <paramref name="Anonymous"/> is the reporter's wish not to be known to the family
/// (anonym melder; the service decides, barnevernsloven § 13-1 on confidentiality, forvaltningsloven § 19 on innsyn).</summary>
public sealed record IncomingReporter(string? Name, string? Role, string? Phone, string? Email, bool Anonymous = false);

/// <summary>The kinds of sender the intake knows, and the register's reporter code (Melder, Kodelister.md
/// /Barnevern/Sak/Melding/Melder/@Kode) where the kind alone decides it.</summary>
public static class SenderKinds
{
    public const string NationalForm = "national-form";
    public const string Police = "police";
    public const string Health = "health";
    public const string HealthStation = "health-station";
    public const string School = "school";
    public const string Kindergarten = "kindergarten";
    public const string Nav = "nav";
    public const string EmergencyService = "barnevernsvakt";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [NationalForm, Police, Health, HealthStation, School, Kindergarten, Nav, EmergencyService, Other];

    /// <summary>The Melder code the kind implies (8 politi, 11 skole, 9 barnehage, 10 helsestasjon/skolehelsetjenesten, 6 NAV,
    /// 7 barnevernsvakt), or null where the person behind the report decides it (the national form, "health", which SSB
    /// splits into 24 and 25 from 2025, and "other"): the caseworker classifies those when concluding.</summary>
    public static string? ReporterCode(string kind) => kind switch
    {
        Police => "8",
        School => "11",
        Kindergarten => "9",
        HealthStation => "10",
        Nav => "6",
        EmergencyService => "7",
        _ => null,
    };

    public static string Norwegian(string kind) => kind switch
    {
        NationalForm => "nasjonalt meldingsskjema",
        Police => "politiet",
        Health => "helsetjenesten",
        HealthStation => "helsestasjon/skolehelsetjenesten",
        School => "skole",
        Kindergarten => "barnehage",
        Nav => "NAV",
        EmergencyService => "barnevernsvakt",
        _ => "annen avsender",
    };
}

/// <summary>The intake's JSON: camelCase, strict about unknown fields' types (a wrong type is malformed), lenient about
/// unknown fields (a sender may send more than Vern reads).</summary>
public static class IntakeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a report; a body that is not JSON of this shape gives one issue (code <see cref="IntakeRules.Malformed"/>)
    /// naming where it broke, and no report.</summary>
    public static (IncomingReport? Report, IReadOnlyList<ValidationIssue> Issues) Parse(string json)
    {
        try
        {
            var report = JsonSerializer.Deserialize<IncomingReport>(json, Options);
            return report is null
                ? (null, [IntakeRules.Issue(IntakeRules.Malformed, "$", "Meldingen er tom (JSON null); send et objekt som beskrevet i docs/intake.md.")])
                : (report, []);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            return (null, [IntakeRules.Issue(IntakeRules.Malformed, where,
                $"Meldingen er ikke gyldig JSON av riktig form ({where}{(e.LineNumber is { } l ? $", linje {l + 1}" : "")}): rett feltet og send på nytt. Ingenting ble lagret.")]);
        }
    }
}

/// <summary>The rules a delivery must meet before it is stored (and a receipt given). Each issue names the field and the rule.</summary>
public static class IntakeRules
{
    public const string Malformed = "vern.mottak.json";
    public const string Required = "vern.mottak.pakrevd";
    public const string UnknownMunicipality = "vern.mottak.kommune";
    public const string NotThisSendersMunicipality = "vern.mottak.avsender-kommune";
    public const string UnknownSenderKind = "vern.mottak.avsendertype";
    public const string ChildMissing = "vern.mottak.barn";
    public const string IdentifierInvalid = "vern.mottak.fodselsnummer";
    public const string TooLong = "vern.mottak.lengde";

    /// <summary>Where the rules come from: issue 18 (what a receiving endpoint must refuse) and the law the report serves.</summary>
    public const string Source = "Vern issue 18 (mottak); barnevernsloven § 2-1 første ledd";

    public const int MaxDescription = 100_000;

    public static ValidationIssue Issue(string code, string path, string message) => new(code, Severity.Error, path, message, Source);

    /// <summary>Every broken rule of <paramref name="report"/>. <paramref name="isKnownMunicipality"/> says whether this Vern
    /// has a child welfare service with that number; <paramref name="senderMunicipality"/>, when not null, is the only
    /// municipality the sender may deliver to (its access token's).</summary>
    public static IReadOnlyList<ValidationIssue> Validate(IncomingReport report, Func<string, bool> isKnownMunicipality, string? senderMunicipality)
    {
        var r = report;
        var issues = new List<ValidationIssue>();
        void Need(string? value, string field, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
                issues.Add(Issue(Required, field, $"Feltet «{field}» mangler: {what} må oppgis."));
        }
        Need(r.MessageId, "messageId", "avsenderens meldings-id (gjør innsendingen idempotent)");
        if (r.MessageId is { Length: > 200 })
            issues.Add(Issue(TooLong, "messageId", "Feltet «messageId» er lengre enn 200 tegn."));
        Need(r.SenderKind, "senderKind", $"avsendertypen ({string.Join(", ", SenderKinds.All)})");
        if (!string.IsNullOrWhiteSpace(r.SenderKind) && !SenderKinds.All.Contains(r.SenderKind))
            issues.Add(Issue(UnknownSenderKind, "senderKind", $"Feltet «senderKind»: «{r.SenderKind}» er ingen kjent avsendertype ({string.Join(", ", SenderKinds.All)})."));
        Need(r.MunicipalityNumber, "municipalityNumber", "kommunenummeret til barneverntjenesten meldingen gjelder");
        if (!string.IsNullOrWhiteSpace(r.MunicipalityNumber))
        {
            if (r.MunicipalityNumber.Length != 4 || !r.MunicipalityNumber.All(char.IsAsciiDigit) || !isKnownMunicipality(r.MunicipalityNumber))
                issues.Add(Issue(UnknownMunicipality, "municipalityNumber",
                    $"Feltet «municipalityNumber»: «{r.MunicipalityNumber}» er ingen barneverntjeneste i denne Vern-installasjonen (ukjent kommunenummer)."));
            else if (senderMunicipality is not null && senderMunicipality != r.MunicipalityNumber)
                issues.Add(Issue(NotThisSendersMunicipality, "municipalityNumber",
                    $"Feltet «municipalityNumber»: avsenderens tilgangsnøkkel gjelder kommune {senderMunicipality}, ikke {r.MunicipalityNumber}."));
        }
        if (r.Bydel is not null && (r.Bydel.Length != 2 || !r.Bydel.All(char.IsAsciiDigit)))
            issues.Add(RuleMessages.Issue(RuleCodes.BydelInvalid, "bydel", ("value", $"«{r.Bydel}»")));
        ValidateChild(r.Child, issues);
        Need(r.Description, "description", "beskrivelsen av bekymringen (selve meldingen)");
        if (r.Description is { Length: > MaxDescription })
            issues.Add(Issue(TooLong, "description", $"Feltet «description» er lengre enn {MaxDescription} tegn."));
        return issues;
    }

    private static void ValidateChild(IncomingChild? child, List<ValidationIssue> issues)
    {
        if (child is null)
        {
            issues.Add(Issue(ChildMissing, "child", "Feltet «child» mangler: meldingen må si hvilket barn den gjelder (fødselsnummer/D-nummer, eller navn og fødselsdato)."));
            return;
        }
        var hasId = !string.IsNullOrWhiteSpace(child.Identifier);
        var hasName = !string.IsNullOrWhiteSpace(child.GivenName) || !string.IsNullOrWhiteSpace(child.FamilyName);
        if (!hasId && !(hasName && child.BirthDate is not null))
            issues.Add(Issue(ChildMissing, "child", "Feltet «child»: oppgi barnets fødselsnummer eller D-nummer, eller navn og fødselsdato."));
        if (hasId && PersonIdentifier.TryParse(child.Identifier!.Trim(), out var reason) is null)
            issues.Add(Issue(IdentifierInvalid, "child.identifier", $"Feltet «child.identifier» er ikke et gyldig fødselsnummer eller D-nummer: {reason}."));
    }

    /// <summary>The report's child as the case's personalia input; the sex from the number when it encodes one.</summary>
    public static ChildInput ToChildInput(IncomingChild child, Sex? sex)
    {
        var id = string.IsNullOrWhiteSpace(child.Identifier) ? null : child.Identifier.Trim();
        var encoded = id is null ? null : PersonIdentifier.TryParse(id, out _)?.EncodedSex;
        return new ChildInput(id, child.BirthDate, sex ?? encoded ?? child.Sex ?? throw new ArgumentException(
            "--sex: barnets kjønn står ikke i meldingen og følger ikke av et fødselsnummer; oppgi --sex male|female."), null, child.GivenName?.Trim(), child.FamilyName?.Trim());
    }

    /// <summary>The register's reporter codes the sender kind implies (none when the person behind the report decides it).</summary>
    public static ImmutableList<CodedValue> Reporters(string senderKind) =>
        SenderKinds.ReporterCode(senderKind) is { } code ? [new CodedValue(code)] : [];
}
