using Vern.Application;
using Vern.Storage;

namespace Vern.Web.Pages;

/// <summary>The one place that names, in bokmål, what an access-log row records (the access-log page, "Hvem har sett saken").
/// Every <see cref="Operation"/> has a label (a test walks the enum, so a new operation cannot reach the page as its raw
/// name); a few reads are logged under a finer name than their operation (a journal note, the persons on a case) and are
/// labelled here too. A name from before these labels (an old database) is shown as stored.</summary>
public static class OperationLabels
{
    /// <summary>Every operation of the access policy, as a reader of the log would say it.</summary>
    public static readonly IReadOnlyDictionary<Operation, string> ByOperation = new Dictionary<Operation, string>
    {
        [Operation.OpenCase] = "Opprettet saken",
        [Operation.RecordStep] = "Registrerte i saken",
        [Operation.AssignCase] = "Fordelte saken",
        [Operation.ImportCase] = "Importerte saken",
        [Operation.ImportRegister] = "Importerte registerfil",
        [Operation.ViewCase] = "Så saken",
        [Operation.ExportCase] = "Eksporterte saken",
        [Operation.ListCases] = "Liste eller søk",
        [Operation.CaseAccessReport] = "Så innsynsloggen",
        [Operation.Deadlines] = "Fristliste",
        [Operation.Worklist] = "Arbeidsliste",
        [Operation.Compliance] = "Internkontroll (ledelse)",
        [Operation.Capacity] = "Kapasitet (ledelse)",
        [Operation.Staff] = "Ansattregister",
        [Operation.RegisterExport] = "Eksport til barnevernsregisteret",
        [Operation.RegisterCheck] = "Registerkontroll",
        [Operation.Verify] = "Kontroll av hendelseskjedene (vern verify)",
        [Operation.Statistics] = "Statistikk (bare tall)",
        [Operation.ManageUsers] = "Brukeradministrasjon",
        [Operation.Configure] = "Innstillinger",
        [Operation.ReadDocumentation] = "Leste saksdokumentasjonen",
        [Operation.WriteDocumentation] = "Skrev i saksdokumentasjonen",
        [Operation.SearchDocumentation] = "Søk i journalnotater",
        [Operation.IntakeImport] = "Importerte meldinger til mottaket",
        [Operation.IntakeInbox] = "Innboksen (mottatte meldinger)",
        [Operation.IntakeRegister] = "Registrerte eller avviste melding fra innboksen",
        [Operation.IntakeReconcile] = "Avstemming av mottaket",
        [Operation.IntakeAlarms] = "Mottakets alarmer",
        [Operation.RouteReport] = "Videresendte melding til en bydel",
        [Operation.ChildCandidates] = "Mulige dubletter (samme barn)",
        [Operation.DecideChildMatch] = "Koblet eller avviste mulig dublett",
        [Operation.RecordPerson] = "Registrerte person i saken",
        [Operation.InnsynExport] = "Innsynskopi til en part",
        [Operation.PartyAccessReport] = "Innsynslogg til en part",
        [Operation.WithholdFromParty] = "Barnets uttalelser holdt tilbake fra en part",
        [Operation.SendReferral] = "Henvisning til Bufetat",
        [Operation.ReadReferrals] = "Så henvisninger",
        [Operation.StateIntake] = "Bufetats inntak",
        [Operation.RecordBreach] = "Brudd på bistandsplikten",
        [Operation.ExchangeMessages] = "Fiks-meldinger",
        [Operation.StateReports] = "Statlige rapporter",
        [Operation.ManageFacilities] = "Sentre og institusjoner",
        [Operation.Invoices] = "Fakturaer for egenbetaling",
        [Operation.IssueInvoices] = "Utstede fakturaer for egenbetaling",
    };

    /// <summary>Reads logged under a finer name than their operation (VernApp.Documentation, VernApp.Party, VernApp.Intake).</summary>
    private static readonly Dictionary<string, string> Finer = new(StringComparer.Ordinal)
    {
        ["note list"] = "Så journalnotatene",
        ["note show"] = "Leste et journalnotat",
        ["participation list"] = "Så barnets medvirkning",
        ["participation flags"] = "Så merknader om medvirkning",
        ["assessment list"] = "Så vurderingene",
        ["decision-document"] = "Så vedtaksdokumentet",
        ["case dossier"] = "Tok ut saksdokumentasjonen (nemnd eller tilsyn)",
        ["case persons"] = "Så personene i saken",
        ["intake receive"] = "Mottok melding fra avsendersystem",
    };

    /// <summary>The logged name (<see cref="VernApp.OperationName"/>) back to its label.</summary>
    private static readonly Dictionary<string, string> ByName = Enum.GetValues<Operation>()
        .Where(ByOperation.ContainsKey)
        .GroupBy(VernApp.OperationName, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => ByOperation[g.First()], StringComparer.Ordinal)
        .Concat(Finer).ToDictionary(StringComparer.Ordinal);

    /// <summary>The label of an operation.</summary>
    public static string Of(Operation operation) => ByOperation.TryGetValue(operation, out var label) ? label : operation.ToString();

    /// <summary>The label of an access-log row's operation; a name no label knows (an old database) as stored.</summary>
    public static string Of(AccessEntry entry) => ByName.TryGetValue(entry.Operation, out var label) ? label : entry.Operation;
}
