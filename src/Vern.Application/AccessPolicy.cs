using Vern.Domain.Access;
using Vern.Domain.Cases;

namespace Vern.Application;

/// <summary>What the application layer does on behalf of an actor (one row of the policy table each).</summary>
public enum Operation
{
    OpenCase, RecordStep, AssignCase, ImportCase, ImportRegister,
    ViewCase, ExportCase, ListCases, CaseAccessReport,
    Deadlines, Worklist, Compliance, Capacity, Staff,
    RegisterExport, RegisterCheck, Statistics,
    ManageUsers, Configure,
    ReadDocumentation, WriteDocumentation, SearchDocumentation,
    IntakeImport, IntakeInbox, IntakeRegister, IntakeReconcile, IntakeAlarms, RouteReport,
    ChildCandidates, DecideChildMatch,
    RecordPerson, InnsynExport, PartyAccessReport, WithholdFromParty,
    SendReferral, ReadReferrals, StateIntake, RecordBreach, ExchangeMessages, StateReports, ManageFacilities,
    Invoices, IssueInvoices,
    Verify,
}

/// <summary>How far an allowed operation reaches.</summary>
public enum Scope
{
    /// <summary>Not allowed.</summary>
    None,

    /// <summary>The cases assigned to the actor (saksbehandler = the actor), or, where the service's setting
    /// <see cref="AccessPolicy.CaseworkersSeeServiceSetting"/> says so, all of the service's cases.</summary>
    AssignedCases,

    /// <summary>All cases of the actor's own service: the municipality, or for an actor whose service is a bydel, that bydel.</summary>
    OwnService,

    /// <summary>Counts and rates only: no names, no fødselsnummer, no case ids; small counts suppressed for analysts.</summary>
    AggregatesOnly,
}

/// <summary>A refused operation: nothing was read or stored, and the refusal is in the access log.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>The access policy: ONE table (operation × role → scope) and three rules that hold for every row:
/// <list type="number">
/// <item>nobody sees another municipality's children (taushetsplikt, barnevernsloven § 13-1 and forvaltningsloven § 13:
///   a case is known only to the service that has it);</item>
/// <item>an actor whose service is a bydel (Oslo's bydeler are separate child welfare services; Barnevern_v4.xsd
///   Avgiver/@Bydelsnummer) sees only the cases of that bydel: "own service" is then the bydel, and a case of another bydel,
///   or of no bydel, is another service's; an actor of the whole municipality sees all its bydeler;</item>
/// <item>an auditor (tilsyn) must state the purpose of every read.</item>
/// </list>
/// Writes need a case-work role: auditors, analysts and administrators never change a case.</summary>
public static class AccessPolicy
{
    private const Scope N = Scope.None, Own = Scope.AssignedCases, Svc = Scope.OwnService, Agg = Scope.AggregatesOnly;

    /// <summary>The policy table. Columns: Caseworker, Leader, BufetatIntake, Analyst, Auditor, Administrator.</summary>
    public static readonly IReadOnlyDictionary<Operation, Scope[]> Table = new Dictionary<Operation, Scope[]>
    {
        //                               saksbeh. leder  Bufetat analyt. tilsyn  admin
        [Operation.OpenCase] =          [Svc,     Svc,   N,      N,      N,      N],
        [Operation.RecordStep] =        [Own,     Svc,   N,      N,      N,      N],
        [Operation.AssignCase] =        [N,       Svc,   N,      N,      N,      N],
        [Operation.ImportCase] =        [N,       Svc,   N,      N,      N,      N],
        [Operation.ImportRegister] =    [N,       Svc,   N,      N,      N,      N],
        [Operation.ViewCase] =          [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.ExportCase] =        [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.ListCases] =         [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.CaseAccessReport] =  [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.Deadlines] =         [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.Worklist] =          [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.Compliance] =        [N,       Svc,   N,      N,      Svc,    N],
        [Operation.Capacity] =          [N,       Svc,   N,      N,      Svc,    N],
        [Operation.Staff] =             [N,       Svc,   N,      N,      N,      Svc],
        [Operation.RegisterExport] =    [N,       Svc,   N,      N,      N,      N],
        [Operation.RegisterCheck] =     [Own,     Svc,   N,      N,      Svc,    N],
        [Operation.Statistics] =        [N,       Svc,   N,      Agg,    Agg,    N],
        [Operation.ManageUsers] =       [N,       N,     N,      N,      N,      Svc],
        [Operation.Configure] =         [N,       N,     N,      N,      N,      Svc],
        // Case documentation (issue 22): journal notes, participation, assessments, decision documents.
        [Operation.ReadDocumentation] =   [Own,   Svc,   N,      N,      Svc,    N],
        [Operation.WriteDocumentation] =  [Own,   Svc,   N,      N,      N,      N],
        [Operation.SearchDocumentation] = [Own,   Svc,   N,      N,      Svc,    N],
        // Intake (issue 18). Delivering a report is not a row: only a sender system (a system access token, not a role) may.
        [Operation.IntakeImport] =      [Svc,     Svc,   N,      N,      N,      N],
        [Operation.IntakeInbox] =       [Svc,     Svc,   N,      N,      Svc,    N],
        [Operation.IntakeRegister] =    [Svc,     Svc,   N,      N,      N,      N],
        [Operation.IntakeReconcile] =   [N,       Svc,   N,      N,      Svc,    N],
        [Operation.IntakeAlarms] =      [N,       Svc,   N,      N,      Svc,    N],
        // Routing a received report to a bydel's inbox (issue 15): whoever holds the report in their service, the municipality's
        // reception (any report of the municipality) or a bydel (its own reports, sent on to another bydel).
        [Operation.RouteReport] =       [Svc,     Svc,   N,      N,      N,      N],
        // Duplicate children (issue 18 part 2): candidates are read as a case is viewed (a caseworker sees in full only
        // candidates assigned to them; others only as a score and reasons without values); deciding is case work.
        [Operation.ChildCandidates] =     [Own,   Svc,   N,      N,      Svc,    N],
        [Operation.DecideChildMatch] =    [Own,   Svc,   N,      N,      N,      N],
        // Parties (issue 18 part 3): persons on the case, a party's access copy, «who looked at my case» for a party.
        // Only the service's own case workers make what a party takes home; auditors read the access log as before.
        [Operation.RecordPerson] =        [Own,   Svc,   N,      N,      N,      N],
        [Operation.InnsynExport] =        [Own,   Svc,   N,      N,      N,      N],
        [Operation.PartyAccessReport] =   [Own,   Svc,   N,      N,      N,      N],
        // Withholding the child's statements from one party's copy (issue 22): the service's case workers who make the copy.
        [Operation.WithholdFromParty] =   [Own,   Svc,   N,      N,      N,      N],
        // The state side (issue 21). For Bufetat inntak, OwnService is its region: it reads the referrals sent to its region
        // (the henvisning: child, measure, needs), never the municipal case; municipal roles see their own municipality's.
        [Operation.SendReferral] =      [Own,     Svc,   N,      N,      N,      N],
        [Operation.ReadReferrals] =     [Own,     Svc,   Svc,    N,      Svc,    N],
        [Operation.StateIntake] =       [N,       N,     Svc,    N,      N,      N],
        [Operation.RecordBreach] =      [N,       Svc,   Svc,    N,      N,      N],
        [Operation.ExchangeMessages] =  [N,       Svc,   Svc,    N,      N,      N],
        [Operation.StateReports] =      [N,       Svc,   Svc,    Agg,    Agg,    N],
        [Operation.ManageFacilities] =  [N,       N,     Svc,    N,      N,      N],
        [Operation.Invoices] =            [N,     Svc,   N,      N,      Svc,    N],
        // Bufetat's intake issues (and reads back) the co-payment invoices of its region's municipalities; the municipality's
        // leader and auditor read its own (Invoices above), received as invoice files (ExchangeMessages).
        [Operation.IssueInvoices] =       [N,     N,     Svc,    N,      N,      N],
        // Tamper evidence (issue 15): `vern verify` recomputes every hash chain of the database. It reads no case content and
        // names only case ids and versions, so it is a whole-database check (AggregatesOnly: no municipality needed) for the
        // administrator (who runs the system), the auditor (tilsyn) and the service's leader (internkontroll, who runs it
        // today on the service's own database); never a caseworker's, Bufetat's or an analyst's.
        [Operation.Verify] =              [N,     Agg,   N,      N,      Agg,    Agg],
    };

    /// <summary>The setting (per service: a municipality, or a bydel of one) that lets that service's caseworkers see all of its
    /// cases, not only their own: <c>caseworkers-see-service:NNNN</c> (or <c>…:NNNN/BB</c> for a bydel) = <c>true</c>.</summary>
    public static string CaseworkersSeeServiceSetting(string municipalityNumber, string? bydel = null) =>
        $"caseworkers-see-service:{municipalityNumber}{(bydel is null ? "" : "/" + bydel)}";

    /// <summary>The scope of <paramref name="operation"/> for <paramref name="role"/>, from the table.</summary>
    public static Scope ScopeOf(Role role, Operation operation) => Table[operation][(int)role];

    /// <summary>The scope an actor has, with the service's setting applied (AssignedCases widened to OwnService).</summary>
    public static Scope Effective(Actor actor, Operation operation, bool caseworkersSeeService)
    {
        var scope = ScopeOf(actor.Role, operation);
        return scope == Scope.AssignedCases && caseworkersSeeService ? Scope.OwnService : scope;
    }

    /// <summary>Why the actor may not do this to this case, or null when allowed. <paramref name="municipalityNumber"/> and <paramref name="caseworkerId"/> are the case's as stored
    /// (for a new case: its municipality and no caseworker).</summary>
    public static string? RefusalForCase(Actor actor, Operation operation, Scope scope, string municipalityNumber, string? caseBydel, string? caseworkerId, string purpose)
    {
        if (scope is Scope.None or Scope.AggregatesOnly)
            return $"{Name(actor)} har ikke tilgang til å {Verb(operation)}.";
        if (actor.MunicipalityNumber is null || actor.MunicipalityNumber != municipalityNumber)
            return $"{Name(actor)} har ikke tilgang til saker i kommune {municipalityNumber}: ingen ser barn i en annen kommune.";
        if (RefusalForBydel(actor, municipalityNumber, caseBydel) is { } other)
            return other;
        if (scope == Scope.AssignedCases && caseworkerId != actor.UserId)
            return $"{Name(actor)} har ikke tilgang til å {Verb(operation)} i en sak som ikke er tildelt {actor.UserId}.";
        return PurposeRefusal(actor, purpose);
    }

    /// <summary>Why the actor may not do this over a municipality (bulk), or null when allowed. A null
    /// <paramref name="municipalityNumber"/> means "all municipalities", which only aggregates allow.</summary>
    public static string? RefusalForScope(Actor actor, Operation operation, Scope scope, string? municipalityNumber, string purpose)
    {
        if (scope == Scope.None)
            return $"{Name(actor)} har ikke tilgang til å {Verb(operation)}.";
        if (scope != Scope.AggregatesOnly && (actor.MunicipalityNumber is null || municipalityNumber != actor.MunicipalityNumber))
            return $"{Name(actor)} har ikke tilgang til {(municipalityNumber is null ? "alle kommuner" : "kommune " + municipalityNumber)}: ingen ser barn i en annen kommune.";
        return PurposeRefusal(actor, purpose);
    }

    /// <summary>Why an actor whose service is a bydel may not reach a case of <paramref name="caseBydel"/> (another bydel, or
    /// none) in their municipality, or null: the bydel is their service (issue 15).</summary>
    public static string? RefusalForBydel(Actor actor, string municipalityNumber, string? caseBydel) =>
        actor.Bydel is { } own && own != caseBydel
            ? $"{Name(actor)} har ikke tilgang til saker {(caseBydel is null ? "uten bydel" : "i bydel " + caseBydel)} i kommune {municipalityNumber}: en bydels barneverntjeneste ser bare barn i sin egen bydel (bydel {own})."
            : null;

    /// <summary>Why an actor whose service is a bydel may not reach a received report now in <paramref name="reportBydel"/>'s
    /// inbox (another bydel's, or the municipality's reception: null), or null. The intake is divided as the cases are (issue 15).</summary>
    public static string? RefusalForReport(Actor actor, string municipalityNumber, string? reportBydel) =>
        actor.Bydel is { } own && own != reportBydel
            ? $"{Name(actor)} har ikke tilgang til meldinger {(reportBydel is null ? "i kommunens mottak (uten bydel)" : "til bydel " + reportBydel)} i kommune {municipalityNumber}: en bydels barneverntjeneste ser bare meldinger til sin egen bydel (bydel {own})."
            : null;

    private static string? PurposeRefusal(Actor actor, string purpose) =>
        actor.Role == Role.Auditor && string.IsNullOrWhiteSpace(purpose)
            ? $"{Name(actor)}: tilsyn må oppgi formålet med innsynet (--purpose)."
            : null;

    private static string Name(Actor actor) => $"{actor.UserId} ({actor.Describe()})";

    /// <summary>The operation in bokmål, as the object of "har ikke tilgang til å …".</summary>
    public static string Verb(Operation operation) => operation switch
    {
        Operation.OpenCase => "opprette saker",
        Operation.RecordStep => "registrere i saken",
        Operation.AssignCase => "fordele saker",
        Operation.ImportCase => "importere saker",
        Operation.ImportRegister => "importere registerfiler",
        Operation.ViewCase => "se saken",
        Operation.ExportCase => "eksportere saken",
        Operation.ListCases => "liste saker",
        Operation.CaseAccessReport => "se innsynsloggen",
        Operation.Deadlines => "se frister",
        Operation.Worklist => "se arbeidslister",
        Operation.Compliance => "se internkontrollen",
        Operation.Capacity => "se kapasiteten",
        Operation.Staff => "forvalte ansatte",
        Operation.RegisterExport => "eksportere til barnevernsregisteret",
        Operation.RegisterCheck => "kjøre registerkontrollene",
        Operation.Statistics => "se statistikk",
        Operation.ManageUsers => "forvalte brukere",
        Operation.Configure => "endre innstillinger",
        Operation.ReadDocumentation => "lese saksdokumentasjonen",
        Operation.WriteDocumentation => "skrive saksdokumentasjon",
        Operation.SearchDocumentation => "søke i journalnotater",
        Operation.IntakeImport => "importere meldinger til mottaket",
        Operation.IntakeInbox => "se innboksen for meldinger",
        Operation.IntakeRegister => "registrere eller avvise meldinger fra innboksen",
        Operation.IntakeReconcile => "avstemme mottaket",
        Operation.IntakeAlarms => "se mottakets alarmer",
        Operation.RouteReport => "videresende meldinger til en bydel",
        Operation.ChildCandidates => "se mulige dubletter (samme barn i flere saker)",
        Operation.DecideChildMatch => "koble eller avvise mulige dubletter",
        Operation.RecordPerson => "registrere personer i saken",
        Operation.InnsynExport => "lage innsynskopi til en part",
        Operation.PartyAccessReport => "lage innsynsloggen til en part",
        Operation.WithholdFromParty => "holde tilbake barnets uttalelser fra en part",
        Operation.SendReferral => "sende eller trekke henvisninger til Bufetat",
        Operation.ReadReferrals => "se henvisninger",
        Operation.StateIntake => "behandle henvisninger i Bufetats inntak",
        Operation.RecordBreach => "registrere brudd på bistandsplikten",
        Operation.ExchangeMessages => "utveksle Fiks-meldinger",
        Operation.StateReports => "se rapportene om bistandsplikt, ventelister og tiltakssteder",
        Operation.ManageFacilities => "forvalte sentre og institusjoner",
        Operation.Invoices => "se fakturaer for egenbetaling",
        Operation.IssueInvoices => "utstede fakturaer for egenbetaling",
        Operation.Verify => "kontrollere hash-kjedene (vern verify)",
        _ => operation.ToString(),
    };

    /// <summary>The operation for a case command: assigning is the leader's (fordeling); every other step is case work.</summary>
    public static Operation For(CaseCommand command) => command switch
    {
        AssignCaseworker => Operation.AssignCase,
        OpenCase => Operation.OpenCase,
        _ => Operation.RecordStep,
    };
}
