using Vern.Domain.Cases;
using Vern.Domain.Validation;
using Vern.Register.Import;
using Vern.Register.Mapping;
using Vern.Register.Model;
using Vern.Register.Tests.Export;
using Vern.Storage;
using static Vern.Register.Tests.Controls.ControlCaseBuilder;

namespace Vern.Register.Tests.Import;

/// <summary>What was dropped with a warning is carried (issue 14 § 1): MigrertId, Vedtak/Krav, an Opphevelse without
/// Konklusjon, and the file's own Relasjon ids.</summary>
public class MigratedFileImportTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static RegisterCase Migrated => Case with
    {
        MigrertId = "KOSTRA-17",
        Melding = [Case.Melding[0] with { MigrertId = "M-4" }],
        Vedtak = [Case.Vedtak[0] with { MigrertId = "V-9", Krav = [new Krav(ThirdId, D(2024, 5, 1), new KravKonklusjon(D(2024, 5, 20), "1"))] }],
        Tiltak = [Case.Tiltak[0] with { Opphevelse = new Opphevelse("1") }],
    };

    private static (CaseState State, ImportOutcome Outcome) Import(RegisterCase sak)
    {
        var store = new InMemoryEventStore();
        var cases = new CaseService(store, TempVern.CodeLists.Value, new FixedClock(Now));
        var file = Path.Combine(Path.GetTempPath(), $"vern-migrated-{Guid.NewGuid():N}.xml");
        try
        {
            RegisterWriter.WriteFile(Header, sak, file);
            var outcome = new RegisterImporter(cases, Fixtures.ReadOptions, "import", new FixedClock(Now)).ImportFile(file);
            return (store.LoadState(CaseId.Parse(sak.Id))!, outcome);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    [Trait("Rule", "Migrering av data innrapportert via Kostra")]
    public void Import_MigratedFile_KeepsMigrertIdKravOpphevelseAndRelasjonIds()
    {
        var (state, outcome) = Import(Migrated);

        Assert.True(outcome.Imported, TestSupport.Describe(outcome.Issues));
        Assert.DoesNotContain(outcome.Issues, i => i.Code == MappingCodes.NotImported);
        var back = CaseToRegister.Map(state).Case;
        Assert.Equal("KOSTRA-17", back.MigrertId);
        Assert.Equal("M-4", back.Melding[0].MigrertId);
        Assert.Equal(Migrated.Vedtak[0], back.Vedtak[0]);
        Assert.Equal(new Opphevelse("1"), back.Tiltak[0].Opphevelse);
        Assert.Null(back.Tiltak[0].Konklusjon);
        Assert.Equal(Case.Relasjon.OrderBy(r => r.Id, StringComparer.Ordinal), back.Relasjon.OrderBy(r => r.Id, StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Rule", "Migrering av data innrapportert via Kostra")]
    public void Export_MigratedCase_SsbStillDowngradesErrorToWarning()
    {
        // Kravspesifikasjon, "Migrering av data innrapportert via Kostra": with MigrertId every ERROR becomes WARNING. An
        // investigation concluded 1 with no decision (Undersøkelse Kontroll 21, ERROR) in a migrated case is a WARNING again
        // after import and export, because the MigrertId came through.
        var sak = Migrated with
        {
            Vedtak = [],
            Tiltak = [],
            Relasjon = [Case.Relasjon[0]],
        };
        var (state, outcome) = Import(sak);
        Assert.True(outcome.Imported, TestSupport.Describe(outcome.Issues));

        var issues = TestSupport.ValidateXml(RegisterWriter.WriteToString(Header, CaseToRegister.Map(state).Case)).Issues;

        var k21 = Assert.Single(issues, i => i.Code == "Undersøkelse Kontroll 21");
        Assert.Equal(Severity.Warning, k21.Severity);
    }
}
