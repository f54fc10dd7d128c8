using System.Globalization;
using Vern.Domain.Cases;

namespace Vern.Storage;

// Ports for the feature areas' own data (derived index, staff, register deliveries and reporters). They live here, next
// to the event store's ports, so that one engine adapter (Sqlite/, later PostgreSQL) implements them all and the feature
// projects reference no database driver. Hosts wire them once (Sqlite.SqliteDatabase).

/// <summary>One case's row in the deadline index (fristindeks): its facts as the Deadlines feature encoded them
/// (<see cref="Format"/> names the encoding), with the columns the index selects on.</summary>
public sealed record DeadlineIndexRow(CaseId CaseId, string MunicipalityNumber, long Version, int Format, DateOnly OpenedOn, DateOnly? ClosedOn, byte[] Facts);

/// <summary>Where the index was last brought up to: the change feed's committed cursor and the encoding it was built with.</summary>
public sealed record DeadlineIndexMark(FeedCursor Cursor, int Format);

/// <summary>How much of the index is packed: rows, rows written since the last pack, and packs.</summary>
public sealed record DeadlineIndexStatus(int Rows, int Unpacked, int Packs);

/// <summary>The deadline index's storage port. A pack is the rows of one municipality as one blob: each row's facts
/// preceded by its length as a 32-bit little-endian integer. A row written after the last pack is unpacked and wins over
/// its packed copy when read.</summary>
public interface IDeadlineIndexStore
{
    /// <summary>The mark of the last completed refresh, or null for an empty index.</summary>
    Task<DeadlineIndexMark?> ReadMarkAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a refresh: rows written through the writer and the new mark count together at
    /// <see cref="IDeadlineIndexWriter.CommitAsync"/>, or not at all. With <paramref name="replaceAll"/> the index is emptied first.</summary>
    Task<IDeadlineIndexWriter> BeginAsync(bool replaceAll, CancellationToken cancellationToken = default);

    /// <summary>Writes one row (the single-case path after a change).</summary>
    Task PutAsync(DeadlineIndexRow row, CancellationToken cancellationToken = default);

    Task<DeadlineIndexStatus> StatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Rewrites the packs from the rows and marks every row packed, in one transaction.</summary>
    Task PackAsync(CancellationToken cancellationToken = default);

    /// <summary>The facts blobs of the rows of the scope; only the unpacked ones with <paramref name="unpackedOnly"/>; only
    /// the cases open on <paramref name="openOn"/> (opened on or before, not closed by it) when given.</summary>
    Task<IReadOnlyList<byte[]>> LoadRowsAsync(MunicipalityScope scope, DateOnly? openOn, bool unpackedOnly, CancellationToken cancellationToken = default);

    /// <summary>The packs of the scope.</summary>
    Task<IReadOnlyList<byte[]>> LoadPacksAsync(MunicipalityScope scope, CancellationToken cancellationToken = default);
}

/// <summary>A refresh being written (see <see cref="IDeadlineIndexStore.BeginAsync"/>). A row replaces its case's
/// stored row only when its version is not lower or its format differs: a late writer with an older state never wins.</summary>
public interface IDeadlineIndexWriter : IDisposable
{
    Task WriteAsync(DeadlineIndexRow row, CancellationToken cancellationToken = default);

    Task CommitAsync(DeadlineIndexMark mark, CancellationToken cancellationToken = default);
}

/// <summary>One case's row in the statistics projection: the facts the indicators read, as the Statistics feature encoded
/// them (<see cref="Format"/> names the encoding), with the case's municipality, its bydel (null outside a municipality with
/// bydeler) and the version they were taken at.</summary>
public sealed record StatisticsProjectionRow(CaseId CaseId, string MunicipalityNumber, long Version, int Format, byte[] Facts, string? Bydel = null);

/// <summary>Where the statistics projection was last brought up to: the change feed's committed cursor and the encoding.</summary>
public sealed record StatisticsProjectionMark(FeedCursor Cursor, int Format);

/// <summary>The statistics projection's storage port (issue 19, speed): one compact row per case, brought up to date from
/// the change feed, so that all indicators of a national data set are computed without reading the case snapshots. Each row
/// carries its case's municipality and bydel (migration 26), so a bydel's service reads only its own rows.</summary>
public interface IStatisticsProjectionStore
{
    /// <summary>The mark of the last completed refresh, or null for an empty projection.</summary>
    Task<StatisticsProjectionMark?> ReadMarkAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a refresh: rows written through the writer and the new mark count together at
    /// <see cref="IStatisticsProjectionWriter.CommitAsync"/>, or not at all. With <paramref name="replaceAll"/> the projection
    /// is emptied first.</summary>
    Task<IStatisticsProjectionWriter> BeginAsync(bool replaceAll, CancellationToken cancellationToken = default);

    /// <summary>The facts blobs of every row of the scope: the nation, one municipality, or one bydel of a municipality.</summary>
    Task<IReadOnlyList<byte[]>> LoadAsync(MunicipalityScope scope, CancellationToken cancellationToken = default);
}

/// <summary>A refresh being written (see <see cref="IStatisticsProjectionStore.BeginAsync"/>). A row replaces its case's
/// stored row only when its version is not lower or its format differs: a late writer with an older state never wins.</summary>
public interface IStatisticsProjectionWriter : IDisposable
{
    Task WriteAsync(StatisticsProjectionRow row, CancellationToken cancellationToken = default);

    Task CommitAsync(StatisticsProjectionMark mark, CancellationToken cancellationToken = default);
}

/// <summary>Utdanning: the highest relevant education of an employee, as the competence requirement (barnevernloven
/// § 2-5 and kvalifikasjonsforskriften) distinguishes it.</summary>
public enum Education
{
    /// <summary>No relevant higher education recorded.</summary>
    None,
    /// <summary>Relevant bachelor (barnevernspedagog, sosionom, vernepleier or similar).</summary>
    RelevantBachelor,
    /// <summary>Master in child welfare (barnevernsfaglig mastergrad).</summary>
    ChildWelfareMaster,
    /// <summary>Other relevant education at master level.</summary>
    OtherRelevantMaster,
}

/// <summary>Ansatt: an employee of a municipal child welfare service, with position and competence, in the staff
/// registry (<see cref="IStaffRegistry"/>). <see cref="Id"/> is the id used as CaseworkerId on cases.</summary>
/// <param name="Position">Stilling, e.g. "saksbehandler", "leder", "stedfortreder", "fagkonsulent".</param>
/// <param name="YearsInChildWelfare">Documented years of work experience from child welfare.</param>
/// <param name="FurtherEducationCredits">Relevant further education (videreutdanning) in study points.</param>
/// <param name="FullTimeEquivalent">Stillingsprosent as a fraction (1.0 = full time).</param>
/// <param name="LeftOn">Sluttdato: the employee's last day in the service, null while they work there. From the day after, they
/// count toward no capacity and no competence figure, and cases still assigned to them are shown as needing a new caseworker
/// (<c>CapacityReport</c>). The row is kept: the registry never forgets who worked there.</param>
public sealed record StaffMember(
    string Id,
    string MunicipalityNumber,
    string Name,
    string Position,
    Education Education,
    int YearsInChildWelfare = 0,
    int FurtherEducationCredits = 0,
    double FullTimeEquivalent = 1.0,
    DateOnly? LeftOn = null)
{
    /// <summary>Whether the employee works in the service on <paramref name="date"/> (up to and including <see cref="LeftOn"/>).</summary>
    public bool EmployedOn(DateOnly date) => LeftOn is not { } last || date <= last;
}

/// <summary>Ansattregister port: the staff of the services. Import replaces an employee's row by id.</summary>
public interface IStaffRegistry
{
    /// <summary>Adds or replaces the given employees, all or nothing. An id that another municipality's registry holds is refused
    /// with <see cref="StaffElsewhereException"/> and nothing is stored: an id is a user name, one person's, and one service never
    /// overwrites (or takes over) another's row.
    /// Every employee stored is also recorded, as stored, with <paramref name="by"/> and <paramref name="at"/>, in the registry's
    /// append-only history (<see cref="HistoryAsync"/>, migration 34), in the same transaction.</summary>
    Task UpsertAsync(IReadOnlyList<StaffMember> staff, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The employees of the scope, by municipality and id.</summary>
    Task<IReadOnlyList<StaffMember>> ListAsync(MunicipalityScope scope, CancellationToken cancellationToken = default);

    /// <summary>One employee's history in <paramref name="municipalityNumber"/>'s registry, oldest first: each row as it was stored,
    /// by whom and when (from migration 34 on; an employee stored before has no rows from before it).</summary>
    Task<IReadOnlyList<StaffChange>> HistoryAsync(string municipalityNumber, string staffId, CancellationToken cancellationToken = default);

    /// <summary>A mark of the registry: different after every committed change (an import), by any process, so a list kept from the
    /// registry (the web host's, for the leader's dashboard) is kept while it is the same (migration 32: a row moved by a trigger).</summary>
    Task<long> ChangeMarkAsync(CancellationToken cancellationToken = default);
}

/// <summary>An ansattregister import named an employee whose id another municipality's registry holds (<see cref="IStaffRegistry.UpsertAsync"/>);
/// the message does not say which municipality.</summary>
public sealed class StaffElsewhereException(string id) : Exception($"{id} står allerede i en annen kommunes ansattregister.")
{
    public string Id => id;
}

/// <summary>One delivered register file: which case, at which case version, when, the file's id (the next
/// delivery's ForrigeId) and the SHA-256 of its Sak element (to tell whether the content changed since).</summary>
public sealed record Delivery(CaseId CaseId, string MunicipalityNumber, long Version, DateTimeOffset DeliveredAt, Guid FileId, string ContentHash);

/// <summary>A case's latest delivery, kept small (about 50 bytes with its key) because the exporter holds one per case:
/// the file id (the next file's ForrigeId) and the first 128 bits of the content hash (enough to tell a change).</summary>
public readonly record struct LastDelivery(Guid FileId, UInt128 HashPrefix)
{
    /// <summary>True when <paramref name="contentHash"/> (hex SHA-256) is the content delivered last time.</summary>
    public bool SameContent(string contentHash) => HashPrefix == Prefix(contentHash);

    public static UInt128 Prefix(string contentHash) =>
        UInt128.Parse(contentHash.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}

/// <summary>What Vern last delivered to the national register per case (leveranselogg), so the next export holds
/// only the cases whose register content changed (Barnevern_v4.xsd: the complete case folder is reported when
/// its content has changed since the previous delivery).</summary>
public interface IDeliveryLog
{
    /// <summary>The latest delivery of every case of a municipality, with the log's position when it was read (for
    /// <see cref="Begin"/>).</summary>
    Task<LatestDeliveries> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>Records deliveries, all or nothing.</summary>
    Task RecordAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>Starts recording deliveries one by one (thread-safe) in one transaction: nothing counts until
    /// <see cref="IDeliveryBatch.CommitAsync(Task, CancellationToken)"/>; disposing without it records nothing. Memory stays flat however many.</summary>
    /// <param name="read">What the export read before it decided what to deliver (<see cref="LatestAsync"/>): the commit is
    /// refused (<see cref="DeliveryConflictException"/>) when deliveries of its municipality were recorded since. The position
    /// belongs to the export, not to the log: several exports on one log each check against their own read (issue 14). Without
    /// it (<see cref="RecordAsync"/>) nothing is checked.</param>
    /// <param name="origin">Who exported and how (migration 35), recorded with the export's row of the history
    /// (<see cref="HistoryAsync"/>) in the commit's transaction; without it (<see cref="RecordAsync"/>) the row has none.</param>
    IDeliveryBatch Begin(LatestDeliveries? read = null, DeliveryOrigin? origin = null);

    /// <summary>The delivery history of a municipality (the register page): one row per export that delivered files, newest
    /// first, at most <paramref name="limit"/>, with who exported and how (<see cref="DeliveryRun.Origin"/>; none for an export
    /// recorded before migration 35). A log that keeps no history answers none.</summary>
    Task<IReadOnlyList<DeliveryRun>> HistoryAsync(string municipalityNumber, int limit = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeliveryRun>>([]);
}

/// <summary>The latest delivery per case of one municipality as an export read it, and the position of the municipality's log at
/// that read (its last row), so that the export's commit can tell whether another export recorded deliveries since
/// (<see cref="IDeliveryLog.Begin"/>).</summary>
public sealed class LatestDeliveries(string municipalityNumber, long position, IReadOnlyDictionary<CaseId, LastDelivery> cases)
    : IReadOnlyDictionary<CaseId, LastDelivery>
{
    public string MunicipalityNumber { get; } = municipalityNumber;

    /// <summary>The municipality's last delivery row when this was read (0: none).</summary>
    public long Position { get; } = position;

    public LastDelivery this[CaseId key] => cases[key];
    public IEnumerable<CaseId> Keys => cases.Keys;
    public IEnumerable<LastDelivery> Values => cases.Values;
    public int Count => cases.Count;
    public bool ContainsKey(CaseId key) => cases.ContainsKey(key);
    public bool TryGetValue(CaseId key, out LastDelivery value) => cases.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<CaseId, LastDelivery>> GetEnumerator() => cases.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One export that delivered files: when (its DatoUttrekk), how many cases it delivered, and who exported it and how
/// (null for an export recorded before migration 35, or by <see cref="IDeliveryLog.RecordAsync"/>).</summary>
public sealed record DeliveryRun(DateTimeOffset DeliveredAt, int Cases, DeliveryOrigin? Origin = null);

/// <summary>How an export's files reached the person who exported (migration 35): a closed set, stored as the text
/// <see cref="DeliveryOrigin.Text"/> gives.</summary>
public enum DeliveryWay
{
    /// <summary>The register page's download (<c>web-download</c>): a zip handed to the browser, recorded once its TCP had
    /// acknowledged every byte; the server keeps no copy.</summary>
    WebDownload,

    /// <summary><c>vern export register --out NAME.zip</c> (<c>cli-zip</c>): a zip file written where the command was told.</summary>
    CliZip,

    /// <summary><c>vern export register --out FOLDER</c> (<c>cli-folder</c>): one file per case in a folder.</summary>
    CliFolder,
}

/// <summary>Who exported (the acting user's id, as the access log names them) and how (<see cref="DeliveryWay"/>), recorded with an
/// export's row of the delivery history in the transaction that records its deliveries (migration 35): the access log has the
/// read, but nothing else tied the delivery to a person. The application layer, the one place that knows who acts, gives it.</summary>
public sealed record DeliveryOrigin(string ExportedBy, DeliveryWay Way)
{
    /// <summary>The way as stored (<c>register_delivery_runs.exported_how</c>).</summary>
    public string WayText => Text(Way);

    public static string Text(DeliveryWay way) => way switch
    {
        DeliveryWay.WebDownload => "web-download",
        DeliveryWay.CliZip => "cli-zip",
        DeliveryWay.CliFolder => "cli-folder",
        _ => throw new NotSupportedException($"The delivery way {way} has not been implemented."),
    };

    /// <summary>The way a stored text names; a text no Vern writes is refused, naming it.</summary>
    public static DeliveryWay ParseWay(string text) => text switch
    {
        "web-download" => DeliveryWay.WebDownload,
        "cli-zip" => DeliveryWay.CliZip,
        "cli-folder" => DeliveryWay.CliFolder,
        _ => throw new FormatException($"register_delivery_runs.exported_how holds «{text}», which no Vern writes."),
    };

    /// <summary>The origin a history row holds: both columns, or neither (an export recorded before migration 35).</summary>
    public static DeliveryOrigin? From(string? exportedBy, string? exportedHow) =>
        exportedBy is null || exportedHow is null ? null : new DeliveryOrigin(exportedBy, ParseWay(exportedHow));
}

/// <summary>Deliveries being recorded as one all-or-nothing unit (see <see cref="IDeliveryLog.Begin"/>).</summary>
public interface IDeliveryBatch : IDisposable
{
    /// <summary>Adds one delivery (may be called from several threads).</summary>
    void Add(Delivery delivery);

    /// <summary>Makes every added delivery count. Throws <see cref="DeliveryConflictException"/> when another export of
    /// the same municipality recorded deliveries since this batch's export read the log (<see cref="IDeliveryLog.Begin"/>).</summary>
    Task CommitAsync(CancellationToken cancellationToken = default) => CommitAsync(Task.CompletedTask, cancellationToken);

    /// <summary>As <see cref="CommitAsync(CancellationToken)"/>, but the deliveries count only once <paramref name="durable"/> has
    /// completed: the rows are written meanwhile, in the transaction that is still open, and if it fails nothing is recorded and
    /// its exception is thrown. The export makes its files durable on disk while its rows are inserted (issue 14: the log never
    /// names a file a power cut could take, and the wait overlaps the inserts).</summary>
    Task CommitAsync(Task durable, CancellationToken cancellationToken = default);

    /// <summary>Number of deliveries added.</summary>
    int Count { get; }
}

/// <summary>Another export of the same municipality recorded deliveries while this one ran: nothing of this export was
/// recorded (and its zip was not kept); run it again to deliver what is still new.</summary>
public sealed class DeliveryConflictException(string municipalityNumber)
    : Exception($"En annen eksport for kommune {municipalityNumber} ble levert mens denne pågikk; ingenting ble ført i leveranseloggen og ingen fil ble lagt ut. Kjør eksporten på nytt.")
{
    public string MunicipalityNumber { get; } = municipalityNumber;
}

/// <summary>A reporting body (Avgiver in Barnevern_v4.xsd) as stored: organisation number, municipality, name and,
/// for a bydel, its number and name.</summary>
public sealed record ReporterRecord(string OrganisationNumber, string MunicipalityNumber, string MunicipalityName, string? DistrictNumber, string? DistrictName);

/// <summary>The Avgiver Vern has learned per municipality: rows are only added; the latest per municipality counts.</summary>
public interface IReporterLog
{
    /// <summary>The latest reporter recorded for the municipality, or null.</summary>
    Task<ReporterRecord?> LatestAsync(string municipalityNumber, CancellationToken cancellationToken = default);

    /// <summary>Records a reporter unless it is already the latest for its municipality. <paramref name="source"/> says
    /// where it came from (e.g. "import: file.xml", "export --org-number").</summary>
    Task RecordAsync(ReporterRecord reporter, string source, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>One entry of the ansattregister's history: the employee as stored, by whom (user id) and when.</summary>
public sealed record StaffChange(StaffMember Member, string By, DateTimeOffset At);

/// <summary>An employee's JSON form (camelCase; education as its enum name), the one shape of both the staff file
/// (<c>vern staff import/export</c>) and the registry's history (<c>staff_changes.member</c>).</summary>
public static class StaffJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options =
        new(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}

/// <summary>How both engines store <see cref="StaffMember.LeftOn"/>: an ISO date (yyyy-MM-dd) as text, null while employed; and an
/// employee in the history (<c>staff_changes.member</c>) in its JSON form (<see cref="StaffJson"/>).</summary>
internal static class StaffRows
{
    public static string MemberJson(StaffMember m) => System.Text.Json.JsonSerializer.Serialize(m, StaffJson.Options);

    public static StaffMember Member(string json) => System.Text.Json.JsonSerializer.Deserialize<StaffMember>(json, StaffJson.Options)!;

    /// <summary>The history's table on SQLite (migration 34): append-only (no update, no delete, no insert over a stored row).</summary>
    public const string HistorySqlite = """
        CREATE TABLE IF NOT EXISTS staff_changes (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            staff_id TEXT NOT NULL,
            municipality TEXT NOT NULL,
            member TEXT NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS staff_changes_staff ON staff_changes(municipality, staff_id, position);
        CREATE TRIGGER IF NOT EXISTS staff_changes_append_only_update BEFORE UPDATE ON staff_changes
            BEGIN SELECT RAISE(ABORT, 'the staff history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS staff_changes_append_only_delete BEFORE DELETE ON staff_changes
            BEGIN SELECT RAISE(ABORT, 'the staff history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS staff_changes_no_replace BEFORE INSERT ON staff_changes
            WHEN EXISTS (SELECT 1 FROM staff_changes WHERE position = NEW.position)
            BEGIN SELECT RAISE(ABORT, 'the staff history is append-only: an insert over a stored row is refused'); END;
        """;

    /// <summary>The history's table on PostgreSQL (migration 34): UPDATE, DELETE and TRUNCATE refused.</summary>
    public const string HistoryPostgres = """
        CREATE TABLE IF NOT EXISTS staff_changes (
            position bigserial PRIMARY KEY,
            staff_id text NOT NULL,
            municipality text NOT NULL,
            member text NOT NULL,
            at text NOT NULL,
            by text NOT NULL);
        CREATE INDEX IF NOT EXISTS staff_changes_staff ON staff_changes(municipality, staff_id, position);
        CREATE OR REPLACE TRIGGER staff_changes_append_only BEFORE UPDATE OR DELETE ON staff_changes
            FOR EACH ROW EXECUTE FUNCTION vern_refuse('the staff history is append-only');
        CREATE OR REPLACE TRIGGER staff_changes_no_truncate BEFORE TRUNCATE ON staff_changes
            FOR EACH STATEMENT EXECUTE FUNCTION vern_refuse('the staff history is append-only');
        """;

    public static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly? Parse(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
