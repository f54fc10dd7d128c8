using System.Collections.Immutable;
using System.Xml;
using System.Xml.Schema;
using Vern.Domain.Cases;
using Vern.Domain.CodeLists;
using Vern.Domain.Law;
using Vern.Domain.People;
using Vern.Register.Export;
using Vern.Register.Model;
using Vern.Register.Schema;
using Vern.Storage;
using Vern.Storage.Sqlite;

namespace Vern.Register.Tests.Export;

/// <summary>A clock that always says the same instant (tests never read the system clock).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A real SQLite database in a temporary folder, with a case service whose today is 2026-01-15.</summary>
internal sealed class TempVern : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    public static readonly Lazy<CodeListSet> CodeLists = new(() =>
        TestSupport.Reference.CodeLists);

    public TempVern()
    {
        Dir = Path.Combine(Path.GetTempPath(), "vern-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        DbPath = Path.Combine(Dir, "vern.db");
        Store = SqliteEventStore.Open(DbPath);
        Clock = new FixedClock(Now);
        var random = new Random(42);
        Cases = new CaseService(Store, CodeLists.Value, Clock, () => Ids.NewUuid(random));
        Log = new SqliteDeliveryLog(DbPath);
    }

    public string Dir { get; }

    public string DbPath { get; }

    public SqliteEventStore Store { get; }

    public FixedClock Clock { get; }

    public CaseService Cases { get; }

    public SqliteDeliveryLog Log { get; }

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>The delivery log's rows in the database at <paramref name="db"/>, read by a connection of its own.</summary>
    public static long LogRows(string db)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM register_deliveries";
        return (long)cmd.ExecuteScalar()!;
    }

    public ExportSummary Export(string output, bool full = false, DateOnly? from = null, DateOnly? to = null, bool dryRun = false) =>
        new RegisterExporter(Store, Log).Export(Options(full, from, to, dryRun), PathOf(output));

    public static ExportOptions Options(bool full = false, DateOnly? from = null, DateOnly? to = null, bool dryRun = false) =>
        new(Fixtures.Municipality, new Avgiver("964338531", Fixtures.Municipality, "Bergen", "01", "Bergenhus"),
            new Fagsystem("Vern", "Vern", "test"), new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.FromHours(1)),
            from, to, full, dryRun, MaxParallelism: 2);

    public void Dispose()
    {
        Log.Dispose();
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind does no harm
        }
    }
}

/// <summary>Three realistic cases built through <see cref="CaseService"/>, so every fact passed the domain's rules.</summary>
internal static class Fixtures
{
    public const string Municipality = "4601";

    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static readonly CaseId CareCase = CaseId.Parse("0b7f1c9e-2d3a-4e5f-8a6b-7c8d9e0f1a2b");
    public static readonly CaseId DismissedCase = CaseId.Parse("1c8e2d0f-3e4b-4f6a-9b7c-8d9e0f1a2b3c");
    public static readonly CaseId AftercareCase = CaseId.Parse("2d9f3e1a-4f5c-4a7b-8c8d-9e0f1a2b3c4d");

    public static readonly EntryId Report = E("a0000000-0000-4000-8000-000000000001");
    public static readonly EntryId Investigation = E("a0000000-0000-4000-8000-000000000002");
    public static readonly EntryId Referral = E("a0000000-0000-4000-8000-000000000003");
    public static readonly EntryId Decision = E("a0000000-0000-4000-8000-000000000004");
    public static readonly EntryId FosterHome = E("a0000000-0000-4000-8000-000000000005");
    public static readonly EntryId CarePlan = E("a0000000-0000-4000-8000-000000000006");

    private static EntryId E(string s) => EntryId.Parse(s);

    /// <summary>A valid fødselsnummer (individual number 500–999: born 2000–2039) with the right sex digit.</summary>
    public static string Fnr(DateOnly birth, Sex sex) =>
        Enumerable.Range(250, 250).Select(i => PersonIdentifier.Create(birth, i * 2 + (sex == Sex.Male ? 1 : 0)))
            .First(p => p is not null)!.Value;

    private static ImmutableList<CodedValue> Codes(params string[] codes) => codes.Select(c => new CodedValue(c)).ToImmutableList();

    private static LegalBasis Bvl2021(string chapter, string section, params string[] ledd) => new("BVL2021", chapter, section, [.. ledd]);

    /// <summary>A care order: report, investigation with extension, petition to the county board, decision, foster home
    /// with supervision and follow-up, care plan, a move and updated personalia.</summary>
    public static CaseCommand[] CareCommands() =>
    [
        new RecordPersonalDetails(D(2024, 3, 1), new ChildInput(Fnr(D(2015, 3, 14), Sex.Female), null, Sex.Female, "123456789002"), E("a0000000-0000-4000-8000-000000000010")),
        new ReceiveReport(D(2024, 1, 10), Codes("11"), Codes("8", "7"), Report),
        new OpenInvestigation(Report, D(2024, 1, 15), Investigation),
        new RequestExtension(Investigation, D(2024, 3, 20)),
        new DecideExtension(Investigation, true),
        new RecordChildParticipation(Investigation, D(2024, 2, 1), "1.1"),
        new SendToCountyBoard(D(2024, 4, 20), Bvl2021("5", "1"), Id: Referral),
        new ConcludeInvestigation(Investigation, D(2024, 5, 2), new CodedValue("2"), Codes("8")),
        new MakeDecision(D(2024, 5, 2), Bvl2021("5", "1"), "2", Investigation, Referral, Id: Decision),
        new ChangeDecisionStatus(Decision, D(2024, 6, 1), "1"),
        new StartMeasure(Decision, D(2024, 6, 3), new CodedValue("2.2"), Codes("8"), Id: FosterHome),
        new SetSupervisionResponsibility(FosterHome, D(2024, 6, 3), "4601"),
        new SetVisitFrequency(FosterHome, VisitKind.Supervision, D(2024, 6, 3), 4),
        new SetVisitFrequency(FosterHome, VisitKind.FollowUp, D(2024, 6, 3), 4),
        new RecordVisit(FosterHome, VisitKind.Supervision, D(2024, 9, 1)),
        new RecordVisit(FosterHome, VisitKind.FollowUp, D(2024, 8, 15)),
        new RecordVisit(FosterHome, VisitKind.Supervision, D(2024, 12, 1)),
        new MakePlan(D(2024, 6, 3), "4", CarePlan),
        new EvaluatePlan(CarePlan, D(2025, 1, 10)),
        new RecordMove(D(2025, 2, 1), new CodedValue("1.1.4"), new CodedValue("4")),
    ];

    public static void Build(CaseService cases)
    {
        cases.ExecuteAll(CareCase,
            [new OpenCase(Municipality, "2024/17", D(2024, 1, 10), new ChildInput(Fnr(D(2015, 3, 14), Sex.Female), null, Sex.Female, GivenName: "Kari")),
             .. CareCommands()], "test");
        cases.Execute(CareCase, new AssignCaseworker("ola.saksbehandler", D(2024, 1, 10)), "test");

        var dismissedReport = E("b0000000-0000-4000-8000-000000000001");
        cases.ExecuteAll(DismissedCase,
        [
            new OpenCase(Municipality, "2025/3", D(2025, 3, 3), new ChildInput(null, D(2012, 7, 1), Sex.Male), ChildId: E("b0000000-0000-4000-8000-000000000002")),
            new ReceiveReport(D(2025, 3, 3), Codes("9"), Codes("25"), dismissedReport),
            new ConcludeReport(dismissedReport, D(2025, 3, 7), "3"),
            new CloseCase(D(2025, 3, 10)),
        ], "test");

        var decision = E("c0000000-0000-4000-8000-000000000001");
        var measure = E("c0000000-0000-4000-8000-000000000002");
        var aftercare = E("c0000000-0000-4000-8000-000000000003");
        var wrongPlan = E("c0000000-0000-4000-8000-000000000004");
        cases.ExecuteAll(AftercareCase,
        [
            new OpenCase(Municipality, "2023/88", D(2023, 5, 1), new ChildInput(Fnr(D(2006, 2, 1), Sex.Male), null, Sex.Male)),
            new MakeDecision(D(2023, 5, 1), Bvl2021("3", "1"), Id: decision),
            new StartMeasure(decision, D(2023, 5, 8), new CodedValue("3.2"), Id: measure),
            new MakePlan(D(2023, 6, 1), "1", wrongPlan),
            new RetractEntry(wrongPlan, D(2023, 6, 2), "Registrert på feil sak"),
            new OfferAftercare(D(2024, 1, 15), aftercare),
            new EndMeasure(measure, D(2024, 2, 1)),
            new EndDecision(decision, D(2024, 2, 1)),
            new ConcludeAftercare(aftercare, D(2024, 2, 10), "1"),
            new MakePlan(D(2024, 2, 15), "5"),
        ], "test");
    }

    /// <summary>Validates a file with .NET's XmlSchemaSet against SSB's Barnevern_v4.xsd (an XmlSchemaSet of its own, not Vern's loader); returns the errors.</summary>
    public static List<string> XsdErrors(string file)
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
        settings.ValidationEventHandler += (_, e) => errors.Add($"{Path.GetFileName(file)} {e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(file, settings);
        while (reader.Read())
        {
        }
        return errors;
    }

    private static readonly Lazy<XmlSchemaSet> Xsd = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var stream = TestSupport.Reference.Open(SsbReference.SchemaFile);
        using var r = XmlReader.Create(stream,
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(null, r);
        set.Compile();
        return set;
    });

    /// <summary>The file from its Sak element on (everything but the header), for comparing exports.</summary>
    public static string SakPart(string file)
    {
        var text = File.ReadAllText(file);
        return text[text.IndexOf("<Sak ", StringComparison.Ordinal)..];
    }

    public static RegisterReadOptions ReadOptions => new(RegisterSchema.Load(TestSupport.Reference), SchemaValidator.Xsd);
}
