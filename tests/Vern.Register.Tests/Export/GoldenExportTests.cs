using static Vern.Register.Tests.Export.Fixtures;

namespace Vern.Register.Tests.Export;

/// <summary>One exported case written out in full, so a change in the file Vern delivers shows up in review.</summary>
public class GoldenExportTests
{
    [Fact]
    public void Export_DismissedCase_ExactSakElement()
    {
        using var vern = new TempVern();
        Build(vern.Cases);
        vern.Export("out");

        var sak = SakPart(vern.PathOf($"out/{DismissedCase}.xml")).ReplaceLineEndings("\n");

        Assert.Equal(Expected, sak);
    }

    private const string Expected = """
        <Sak Id="1c8e2d0f-3e4b-4f6a-9b7c-8d9e0f1a2b3c" StartDato="2025-03-03" SluttDato="2025-03-10" Journalnummer="2025/3" Avsluttet="true">
            <Personalia Id="b0000000-0000-4000-8000-000000000002" StartDato="2025-03-03" Fodselsnummer="01071200100" Fodseldato="2012-07-01" Kjonn="1" />
            <Melding Id="b0000000-0000-4000-8000-000000000001" StartDato="2025-03-03">
              <Melder Kode="9" />
              <Saksinnhold Kode="25" />
              <Konklusjon SluttDato="2025-03-07" Kode="3" />
            </Melding>
          </Sak>
        </Barnevern>
        """;
}
