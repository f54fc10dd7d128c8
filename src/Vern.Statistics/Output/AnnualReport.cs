using System.Globalization;
using System.Text;
using Vern.Statistics.Breakdowns;
using Vern.Statistics.Definitions;
using Vern.Statistics.Public;

namespace Vern.Statistics.Output;

/// <summary>The municipal council's annual report on the state of the child welfare service (tilstandsrapport):
/// barnevernsloven (2021) § 15-3 femte ledd requires the council to receive a report on the state of the service at
/// least once a year (as Bufdir's guidance "Tilstandsrapportering for kommunale barnevernstjenester" cites it). Vern
/// writes the figures part of it from its own case data, as an HTML page with its charts (PNG and SVG), each chart with
/// its data table beside it.</summary>
public static class AnnualReport
{
    public const string LegalBasis = "barnevernsloven § 15-3 femte ledd";

    /// <summary>The key figures of the report, in order: indicator id and age group.</summary>
    public static readonly IReadOnlyList<(string Id, string Age)> KeyFigures =
    [
        ("children-with-measures-year", "0-17"), ("children-with-measures-year", "18-24"), ("children-with-measures-31dec", "alle"),
        ("care-measures-31dec", "alle"), ("support-measures-31dec", "alle"), ("support-at-home-31dec", "alle"),
        ("emergency-measures-year", "alle"), ("placements-31dec", "alle"), ("placement-foster-home-31dec", "alle"),
        ("placement-emergency-home-31dec", "alle"), ("placement-institution-31dec", "alle"), ("moves-year", "alle"),
        ("reports-received-year", "alle"), ("share-reports-investigated", "alle"), ("investigations-concluded-year", "alle"),
        ("share-investigations-to-measures", "alle"), ("share-investigations-within-deadline", "alle"), ("collaboration-measures-31dec", "alle"),
        ("foster-home-placements-after-decision-year", "alle"), ("foster-home-wait-days-mean", "alle"),
    ];

    /// <summary>Writes <c>index.html</c> and the charts into <paramref name="directory"/>; returns the page's path.</summary>
    public static string Write(StatisticsResult result, string municipality, int year, string directory, DateOnly generatedOn)
    {
        Directory.CreateDirectory(directory);
        var charts = ChartsFor(result, municipality, year);
        foreach (var c in charts) Charts.Write(c, directory);
        var path = Path.Combine(directory, "index.html");
        File.WriteAllText(path, Html(result, municipality, year, charts, generatedOn));
        return path;
    }

    /// <summary>The report's charts as data: five years up to <paramref name="year"/>.</summary>
    public static IReadOnlyList<ChartData> ChartsFor(StatisticsResult result, string municipality, int year)
    {
        var years = Enumerable.Range(year - 4, 5).Where(y => y >= result.Query.FromYear).ToList();
        // Leave out leading years in which the municipality had no case in Vern (nothing to show, not zero).
        years = years.SkipWhile(y => !result.Rows.Any(r => r.Region == municipality && r.Year == y && r.Origin == "vern")).ToList();
        var labels = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();
        IndicatorRow? Cell(string id, int y) => result.For(id, municipality).FirstOrDefault(r => r.Year == y);
        ChartSeries Series(string name, string id) =>
            new(name, years.Select(y => Cell(id, y)?.Value).ToList(), years.Select(y => Cell(id, y)?.Symbol).ToList());

        var placementTypes = new[] { "placement-foster-home-31dec", "placement-emergency-home-31dec", "placement-temporary-network-31dec", "placement-institution-31dec", "placement-supported-housing-31dec" };
        return
        [
            new("barn-med-tiltak", "Barn med barnevernstiltak", "barn", labels,
            [
                Series("I løpet av året", "children-with-measures-year"),
                Series("Per 31.12.", "children-with-measures-31dec"),
                Series("Omsorgstiltak per 31.12.", "care-measures-31dec"),
            ]),
            new("plasseringer", $"Plasseringstiltak per 31.12.{year}", "barn",
                placementTypes.Select(t => ShortLabel(t)).ToList(),
                [new(year.ToString(CultureInfo.InvariantCulture), placementTypes.Select(t => Cell(t, year)?.Value).ToList(), placementTypes.Select(t => Cell(t, year)?.Symbol).ToList())],
                Bars: true),
            new("meldinger-undersokelser", "Meldinger og undersøkelser", "antall", labels,
            [
                Series("Meldinger mottatt", "reports-received-year"),
                Series("Undersøkelser avsluttet", "investigations-concluded-year"),
                Series("Undersøkelser som førte til tiltak", "investigations-to-measures-year"),
            ], Bars: true),
            new("frister", "Undersøkelser avsluttet innen fristen (7 + 90/180 dager)", "prosent", labels,
            [Series(municipality, "share-investigations-within-deadline")]),
        ];
    }

    private static string ShortLabel(string placement) => placement switch
    {
        "placement-foster-home-31dec" => "Fosterhjem",
        "placement-emergency-home-31dec" => "Beredskapshjem",
        "placement-temporary-network-31dec" => "Midl. hjem i nettverk",
        "placement-institution-31dec" => "Institusjon",
        "placement-supported-housing-31dec" => "Bolig m/oppfølging",
        _ => placement,
    };

    private static string Html(StatisticsResult result, string municipality, int year, IReadOnlyList<ChartData> charts, DateOnly generatedOn)
    {
        static string E(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
        static string S(IndicatorRow? r, string unit = "") => r?.Symbol is { } symbol ? E(symbol) : N(r?.Value, unit);
        static string N(decimal? v, string unit = "") => v is { } x
            ? (unit == "%" ? Math.Round(x, 1).ToString("0.0", CultureInfo.InvariantCulture) + " %" : Math.Round(x, 1).ToString("#,0.#", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal))
            : "–";
        var h = new StringBuilder();
        h.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="nb">
            <head>
            <meta charset="utf-8">
            <title>Tilstandsrapport barnevernstjenesten {{E(municipality)}} {{year}}</title>
            <style>
            body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
            h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #1f77b4; padding-bottom: .2rem; }
            .lead { color: #444; } table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
            th, td { border: 1px solid #ccc; padding: .3rem .55rem; text-align: left; vertical-align: top; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            thead th { background: #eef3f8; } figure { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; margin: 1rem 0; }
            figure img { max-width: 100%; width: 34rem; border: 1px solid #ddd; } figcaption { font-weight: bold; width: 100%; }
            .note { font-size: .85rem; color: #555; } .up { color: #b35c00; } .down { color: #2a7a2a; }
            </style>
            </head>
            <body>
            <h1>Tilstanden i barnevernstjenesten – kommune {{E(municipality)}}, {{year}}</h1>
            <p class="lead">Redegjørelse til kommunestyret etter {{E(LegalBasis)}}. Tallgrunnlaget er laget av Vern fra tjenestens egne saksdata
            (alle saker i kommunen, {{result.CasesRead:N0}} saker lest) {{generatedOn:dd.MM.yyyy}}. Vurderingene og tiltakene skrives inn av tjenesten før rapporten legges fram.</p>

            <h2>Nøkkeltall</h2>
            <table>
            <thead><tr><th>Indikator</th><th>Alder</th><th class="n">{{year - 1}}</th><th class="n">{{year}}</th><th class="n">Endring</th><th class="n">Per 1 000 barn</th></tr></thead>
            <tbody>

            """);
        foreach (var (id, age) in KeyFigures)
        {
            var rows = result.For(id, municipality, age).ToList();
            var now = rows.FirstOrDefault(r => r.Year == year);
            var before = rows.FirstOrDefault(r => r.Year == year - 1);
            var (label, unit, _) = StatisticsService.Describe(id);
            var change = now?.Change;
            var changeText = change is { } c ? (c > 0 ? "+" : "") + N(c) + (unit == "%" ? " p.p." : " %") : "–";
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label)}</td><td>{E(age == "alle" ? "alle" : age + " år")}</td><td class=\"n\">{S(before, unit)}</td><td class=\"n\">{S(now, unit)}</td><td class=\"n\">{changeText}</td><td class=\"n\">{N(now?.Per1000)}</td></tr>\n");
        }
        h.Append("</tbody></table>\n<p class=\"note\">Barn telles én gang, etter alder ved utgangen av året. Omsorgstiltak går foran hjelpetiltak. " +
                 "«Hjelpetiltak i hjemmet» er hjelpetiltak fratrukket akuttiltak, atferdstiltak og plassering som hjelpetiltak (Menon 2023, note til figur 5-2). " +
                 "Rater per 1 000 barn og unge i aldersgruppen (for «alle»: 0–24 år) krever befolkningstall (SSB tabell 07459) lagt inn med <code>--public</code>.</p>\n");

        if (result.Suppression is { } rule)
            h.Append(string.Create(CultureInfo.InvariantCulture, $"<p class=\"note\"><strong>Små tall er prikket:</strong> antall fra 1 til {rule.MaxSuppressed}{(rule.SuppressZeros ? " og 0" : "")} vises som «{E(rule.Symbol)}», ") +
                "og så mange andre tall som trengs for at de ikke kan regnes ut ved subtraksjon fra summene (sekundærprikking). Andeler, rater og endringer fra prikkede tall vises ikke. " +
                $"Regel {E(rule.Id)}: {E(rule.Source)}</p>\n");

        h.Append("<h2>Utvikling</h2>\n");
        foreach (var chart in charts)
        {
            h.Append(CultureInfo.InvariantCulture, $"<figure>\n<figcaption>{E(chart.Title)}</figcaption>\n<img src=\"{chart.FileName}.png\" alt=\"{E(chart.Title)}: se tabellen ved siden av\">\n");
            h.Append("<table><thead><tr><th></th>");
            foreach (var s in chart.Series) h.Append(CultureInfo.InvariantCulture, $"<th class=\"n\">{E(s.Name)}</th>");
            h.Append("</tr></thead><tbody>\n");
            for (var i = 0; i < chart.Categories.Count; i++)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(chart.Categories[i])}</th>");
                foreach (var s in chart.Series) h.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{(s.Symbols?[i] is { } symbol ? E(symbol) : N(s.Values[i]))}</td>");
                h.Append("</tr>\n");
            }
            h.Append(CultureInfo.InvariantCulture, $"</tbody></table>\n<p class=\"note\"><a href=\"{chart.FileName}.svg\">SVG</a></p>\n</figure>\n");
        }

        var comparisons = result.Rows.Where(r => r.Year == year && r.Region != municipality && r.AgeGroup == "alle"
            && KeyFigures.Any(k => k.Id == r.IndicatorId) && (r.Region.StartsWith("landet", StringComparison.Ordinal) || r.Region.StartsWith("kommunene", StringComparison.Ordinal))).ToList();
        if (comparisons.Count > 0)
        {
            h.Append("<h2>Sammenligning</h2>\n<table><thead><tr><th>Indikator</th><th>Region</th><th class=\"n\">Verdi</th><th class=\"n\">Per 1 000</th><th>Opphav</th></tr></thead><tbody>\n");
            foreach (var r in comparisons)
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Label)}</td><td>{E(r.Region)}</td><td class=\"n\">{S(r, r.Unit)}</td><td class=\"n\">{N(r.Per1000)}</td><td>{E(r.Origin)}</td></tr>\n");
            h.Append("</tbody></table>\n");
        }

        h.Append("<h2>Definisjoner og kilder</h2>\n<table><thead><tr><th>Indikator</th><th>Definisjon</th><th>Kilde</th></tr></thead><tbody>\n");
        foreach (var i in CaseIndicators.All)
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(i.Label)}</td><td>{E(i.Definition)}</td><td>{E(i.Source.ToString())}</td></tr>\n");
        foreach (var s in CaseIndicators.Shares)
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Label)}</td><td>{E(s.Definition)}</td><td>{E(s.Source.ToString())}</td></tr>\n");
        foreach (var d in Kostra.Derived)
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(d.Label)}</td><td>{E(d.Definition)}</td><td>{E(d.Source.ToString())}</td></tr>\n");
        h.Append("</tbody></table>\n<p class=\"note\">Laget av Vern. Lovhenvisning: " + E(LegalBasis) +
                 " (lest i Bufdirs veileder «Tilstandsrapportering for kommunale barnevernstjenester»).</p>\n</body>\n</html>\n");
        return h.ToString();
    }
}
