using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vern.Simulation;

/// <summary>Reads and checks a scenario file. Every rule broken is reported at once, each naming the line, the field
/// and the rule (<c>Scenario.Range</c>, <c>Scenario.Required</c>, …); a refused file yields no scenario.</summary>
public static class ScenarioReader
{
    /// <summary>The scenarios shipped with Vern (embedded data files citing their sources).</summary>
    public static IReadOnlyList<string> Builtins { get; } = typeof(ScenarioReader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Vern.Simulation.Scenarios.", StringComparison.Ordinal))
        .Select(n => Path.GetFileNameWithoutExtension(n["Vern.Simulation.Scenarios.".Length..]))
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>The text of a shipped scenario file.</summary>
    public static string BuiltinText(string name)
    {
        using var stream = typeof(ScenarioReader).Assembly.GetManifestResourceStream($"Vern.Simulation.Scenarios.{name}.json")
            ?? throw new ScenarioException([new ScenarioError(name, 1, "", "Scenario.Builtin",
                $"ukjent innebygd scenario «{name}»; kjente: {string.Join(", ", Builtins)}")]);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Scenario Builtin(string name) => Read(BuiltinText(name), name + ".json");

    public static Scenario ReadFile(string path) => Read(File.ReadAllText(path), path);

    /// <exception cref="ScenarioException">The file is malformed or breaks a rule.</exception>
    public static Scenario Read(string text, string file)
    {
        var doc = ScenarioDocument.Parse(text, file);
        var ctx = new Context(doc);
        var scenario = ctx.Scenario(doc.Root);
        if (ctx.Errors.Count > 0)
            throw new ScenarioException(ctx.Errors);
        return scenario!;
    }

    private sealed class Context(ScenarioDocument doc)
    {
        public List<ScenarioError> Errors { get; } = [];
        private readonly List<Quantity> _quantities = [];

        private void Error(string path, string rule, string message) =>
            Errors.Add(new ScenarioError(doc.File, doc.LineOf(path), path, rule, message));

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

        private JsonObject? Obj(JsonNode? node, string path, bool required = true)
        {
            if (node is JsonObject o)
                return o;
            if (node is not null || required)
                Error(path, node is null ? "Scenario.Required" : "Scenario.Type", node is null ? "mangler (påkrevd objekt)" : "må være et objekt");
            return null;
        }

        private JsonArray Arr(JsonObject o, string name, string path, bool required = true)
        {
            var node = o[name];
            if (node is JsonArray a)
                return a;
            if (node is not null || required)
                Error(Join(path, name), node is null ? "Scenario.Required" : "Scenario.Type", node is null ? "mangler (påkrevd liste)" : "må være en liste");
            return [];
        }

        private string Str(JsonObject o, string name, string path, bool required = true)
        {
            var node = o[name];
            if (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
                return s;
            if (node is not null || required)
                Error(Join(path, name), node is null ? "Scenario.Required" : "Scenario.Type", node is null ? "mangler (påkrevd tekst)" : "må være en ikke-tom tekst");
            return "";
        }

        private bool Bool(JsonObject o, string name, string path)
        {
            var node = o[name];
            if (node is JsonValue v && v.TryGetValue<bool>(out var b))
                return b;
            Error(Join(path, name), node is null ? "Scenario.Required" : "Scenario.Type", node is null ? "mangler (true eller false)" : "må være true eller false");
            return false;
        }

        private static bool TryNumber(JsonNode? node, out double value)
        {
            value = 0;
            if (node is not JsonValue v)
                return false;
            if (v.GetValueKind() != JsonValueKind.Number)
                return false;
            value = v.GetValue<double>();
            return double.IsFinite(value);
        }

        /// <summary>A number or a range {low, mode?, high}, each value within [min, max].</summary>
        private Quantity Qty(JsonObject o, string name, string path, double min, double max, bool required = true) =>
            QtyNode(o[name], Join(path, name), min, max, required) ?? Quantity.Point(0);

        private Quantity? OptQty(JsonObject o, string name, string path, double min, double max) =>
            o[name] is null ? null : QtyNode(o[name], Join(path, name), min, max, true);

        private Quantity? QtyNode(JsonNode? node, string path, double min, double max, bool required)
        {
            string Range() => $"[{Fmt(min)}, {Fmt(max)}]";
            Quantity? q = null;
            if (TryNumber(node, out var point))
            {
                if (point < min || point > max)
                    Error(path, "Scenario.Range", $"{Fmt(point)} er utenfor tillatt område {Range()}");
                q = Quantity.Point(point);
            }
            else if (node is JsonObject range)
            {
                var ok = TryNumber(range["low"], out var low) & TryNumber(range["high"], out var high);
                var hasMode = range["mode"] is not null;
                var mode = 0d;
                if (hasMode && !TryNumber(range["mode"], out mode))
                    ok = false;
                if (!ok)
                {
                    Error(path, "Scenario.Range", "et intervall må ha tallene low og high (og eventuelt mode)");
                    return null;
                }
                if (low < min || high > max)
                    Error(path, "Scenario.Range", $"intervallet [{Fmt(low)}, {Fmt(high)}] går utenfor tillatt område {Range()}");
                if (low > high || (hasMode && (mode < low || mode > high)))
                    Error(path, "Scenario.RangeOrder", "må oppfylle low ≤ mode ≤ high");
                q = hasMode ? Quantity.Triangular(low, mode, high) : Quantity.Uniform(low, high);
            }
            else if (node is not null || required)
            {
                Error(path, node is null ? "Scenario.Required" : "Scenario.Type",
                    node is null ? $"mangler (et tall i {Range()} eller et intervall)" : $"må være et tall i {Range()} eller et intervall {{low, mode, high}}");
                return null;
            }
            if (q is not null)
            {
                q.Slot = _quantities.Count;
                _quantities.Add(q);
            }
            return q;
        }

        private static string Fmt(double d) => d switch
        {
            double.MaxValue => "∞",
            double.MinValue => "−∞",
            _ => d.ToString("0.####", CultureInfo.InvariantCulture),
        };

        public Scenario? Scenario(JsonNode root)
        {
            var o = Obj(root, "");
            if (o is null)
                return null;
            var format = Str(o, "format", "");
            if (format.Length > 0 && format != "vern-scenario/1")
                Error("format", "Scenario.Format", $"ukjent format «{format}»; denne versjonen leser vern-scenario/1");
            var name = Str(o, "name", "");
            var title = Str(o, "title", "");
            var currency = Str(o, "currency", "");
            var sources = Arr(o, "sources", "").Select((s, i) => s is JsonValue v && v.TryGetValue<string>(out var t) ? t : Invalid($"sources[{i}]")).ToList();
            var daysPerMonth = TryNumber(o["daysPerMonth"], out var dpm) && dpm > 0 ? dpm : InvalidNumber("daysPerMonth", "et tall > 0");

            var ages = Arr(o, "ageGroups", "").Select((n, i) =>
            {
                var p = $"ageGroups[{i}]";
                var a = Obj(n, p);
                return a is null ? null : new AgeGroup(Str(a, "id", p), Qty(a, "share", p, 0, 1));
            }).OfType<AgeGroup>().ToList();
            Unique(ages.Select(a => a.Id), "ageGroups");
            if (ages.Count > 0 && Math.Abs(ages.Sum(a => a.Share.Central) - 1) > 1e-6)
                Error("ageGroups", "Scenario.SharesSumToOne", $"andelene summerer til {Fmt(ages.Sum(a => a.Share.Central))}, ikke 1");

            var phases = Arr(o, "phases", "").Select((n, i) => Phase(n, $"phases[{i}]")).OfType<Phase>().ToList();
            if (phases.Count == 0)
                Error("phases", "Scenario.Required", "minst én fase (f.eks. utredning) må være oppgitt");
            Unique(phases.Select(p => p.Id), "phases");
            var phaseIds = phases.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

            var coPayment = CoPayment(o["coPayment"], "coPayment", required: true);
            var capacityObj = Obj(o["capacity"], "capacity");
            var capacity = capacityObj is null ? Quantity.Point(0) : Qty(capacityObj, "measures", "capacity", 0, double.MaxValue);
            var duty = Qty(o, "dutyToAssistEffect", "", -1, 10);

            var steps = Arr(o, "steps", "", required: false).Select((n, i) => Step(n, $"steps[{i}]", phaseIds, ages)).OfType<EfficiencyStep>().ToList();
            Unique(steps.Select(s => s.Id), "steps");
            var stepIds = steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

            var alternatives = Arr(o, "alternatives", "").Select((n, i) => Alternative(n, $"alternatives[{i}]", phaseIds, stepIds)).OfType<Alternative>().ToList();
            if (alternatives.Count == 0)
                Error("alternatives", "Scenario.Required", "minst ett alternativ må være oppgitt");
            Unique(alternatives.Select(a => a.Id), "alternatives");
            var altIds = alternatives.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

            var baseline = Str(o, "baseline", "");
            if (baseline.Length > 0 && !altIds.Contains(baseline))
                Error("baseline", "Scenario.Reference", $"«{baseline}» er ikke et av alternativene ({string.Join(", ", altIds)})");
            var freedPhase = Str(o, "freedMeasuresPhase", "");
            if (freedPhase.Length > 0 && !phaseIds.Contains(freedPhase))
                Error("freedMeasuresPhase", "Scenario.Reference", $"«{freedPhase}» er ikke en av fasene ({string.Join(", ", phaseIds)})");

            var variants = Arr(o, "variants", "", required: false).Select((n, i) =>
            {
                var p = $"variants[{i}]";
                var v = Obj(n, p);
                if (v is null)
                    return null;
                var alt = Str(v, "alternative", p);
                if (alt.Length > 0 && !altIds.Contains(alt))
                    Error(Join(p, "alternative"), "Scenario.Reference", $"«{alt}» er ikke et av alternativene");
                return new Variant(Str(v, "id", p), Str(v, "name", p), alt, StepRefs(v, p, stepIds));
            }).OfType<Variant>().ToList();

            return new Scenario(name, title, currency, sources, daysPerMonth, baseline, freedPhase, duty, capacity, ages, phases,
                coPayment ?? new CoPayment(new CoPaymentRate(null, null), new CoPaymentRate(null, null)), steps, alternatives, variants, _quantities);
        }

        private string Invalid(string path)
        {
            Error(path, "Scenario.Type", "må være en tekst");
            return "";
        }

        private double InvalidNumber(string path, string what)
        {
            Error(path, "Scenario.Range", $"må være {what}");
            return 1;
        }

        private void Unique(IEnumerable<string> ids, string path)
        {
            foreach (var dup in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1 && g.Key.Length > 0))
                Error(path, "Scenario.UniqueId", $"id «{dup.Key}» er brukt mer enn én gang");
        }

        private Phase? Phase(JsonNode? node, string path)
        {
            var o = Obj(node, path);
            if (o is null)
                return null;
            FormCost Form(string name)
            {
                var fp = Join(path, name);
                var f = Obj(o[name], fp);
                return f is null
                    ? new FormCost(Quantity.Point(0), Quantity.Point(0))
                    : new FormCost(Qty(f, "days", fp, 0, 3650), Qty(f, "dayPrice", fp, 0, double.MaxValue));
            }
            return new Phase(Str(o, "id", path), Str(o, "name", path),
                Qty(o, "need", path, 0, double.MaxValue), Qty(o, "currentUse", path, 0, double.MaxValue),
                Form("residential"), Form("homeBased"),
                Qty(o, "priceElasticity", path, -10, 10), OptQty(o, "chokePriceRatio", path, 1, 1000));
        }

        private CoPayment? CoPayment(JsonNode? node, string path, bool required)
        {
            var o = Obj(node, path, required);
            if (o is null)
                return null;
            CoPaymentRate Rate(string name)
            {
                var rp = Join(path, name);
                var r = Obj(o[name], rp);
                if (r is null)
                    return new CoPaymentRate(null, null);
                var perMonth = OptQty(r, "perMonth", rp, 0, double.MaxValue);
                var share = OptQty(r, "shareOfCost", rp, 0, 1);
                if ((perMonth is null) == (share is null))
                    Error(rp, "Scenario.CoPaymentRate", "oppgi nøyaktig én av perMonth (kroner per måned) og shareOfCost (andel 0–1)");
                return new CoPaymentRate(perMonth, share);
            }
            return new CoPayment(Rate("residential"), Rate("homeBased"));
        }

        private List<string> StepRefs(JsonObject o, string path, HashSet<string> stepIds)
        {
            var refs = new List<string>();
            var arr = Arr(o, "steps", path, required: false);
            for (var i = 0; i < arr.Count; i++)
            {
                var p = $"{Join(path, "steps")}[{i}]";
                var id = arr[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : Invalid(p);
                if (id.Length > 0 && !stepIds.Contains(id))
                    Error(p, "Scenario.Reference", $"«{id}» er ikke et av tiltakene under steps");
                refs.Add(id);
            }
            return refs;
        }

        private EfficiencyStep? Step(JsonNode? node, string path, HashSet<string> phaseIds, List<AgeGroup> ages)
        {
            var o = Obj(node, path);
            if (o is null)
                return null;
            var id = Str(o, "id", path);
            var name = Str(o, "name", path);
            var kind = Str(o, "kind", path);
            string PhaseRef()
            {
                var phase = Str(o, "phase", path);
                if (phase.Length > 0 && !phaseIds.Contains(phase))
                    Error(Join(path, "phase"), "Scenario.Reference", $"«{phase}» er ikke en av fasene ({string.Join(", ", phaseIds)})");
                return phase;
            }
            switch (kind)
            {
                case "ageLimit":
                    var groups = Arr(o, "ageGroups", path).Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : Invalid($"{path}.ageGroups[{i}]")).ToList();
                    foreach (var g in groups.Where(g => g.Length > 0 && ages.All(a => a.Id != g)))
                        Error(Join(path, "ageGroups"), "Scenario.Reference", $"«{g}» er ikke en av aldersgruppene");
                    return new AgeLimitStep(id, name, groups);
                case "targetShare":
                    return new TargetShareStep(id, name, Qty(o, "share", path, 0, 1));
                case "phaseChange":
                    return new PhaseChangeStep(id, name, PhaseRef(), Qty(o, "change", path, -1, 10));
                case "flexibleOffer":
                    return new FlexibleOfferStep(id, name);
                case "noStateFinancing":
                    return new NoStateFinancingStep(id, name, PhaseRef());
                case "dayPrice":
                    var form = Str(o, "form", path);
                    if (form.Length > 0 && form is not ("residential" or "homeBased"))
                        Error(Join(path, "form"), "Scenario.Enum", $"«{form}» må være residential eller homeBased");
                    return new DayPriceStep(id, name, form == "homeBased" ? Form.HomeBased : Form.Residential, Qty(o, "dayPrice", path, 0, double.MaxValue));
                case "":
                    return null;
                default:
                    Error(Join(path, "kind"), "Scenario.Enum", $"ukjent type «{kind}»; kjente: ageLimit, targetShare, phaseChange, flexibleOffer, noStateFinancing, dayPrice");
                    return null;
            }
        }

        private Alternative? Alternative(JsonNode? node, string path, HashSet<string> phaseIds, HashSet<string> stepIds)
        {
            var o = Obj(node, path);
            if (o is null)
                return null;
            var shares = new Dictionary<string, Quantity>(StringComparer.Ordinal);
            var shareObj = Obj(o["homeBasedShare"], Join(path, "homeBasedShare"));
            if (shareObj is not null)
            {
                foreach (var (key, _) in shareObj)
                {
                    if (!phaseIds.Contains(key))
                        Error(Join(path, "homeBasedShare." + key), "Scenario.Reference", $"«{key}» er ikke en av fasene");
                }
                foreach (var phase in phaseIds)
                    shares[phase] = Qty(shareObj, phase, Join(path, "homeBasedShare"), 0, 1);
            }
            var financed = new HashSet<string>(StringComparer.Ordinal);
            var finArr = Arr(o, "stateFinances", path);
            for (var i = 0; i < finArr.Count; i++)
            {
                var p = $"{Join(path, "stateFinances")}[{i}]";
                var id = finArr[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : Invalid(p);
                if (id.Length > 0 && !phaseIds.Contains(id))
                    Error(p, "Scenario.Reference", $"«{id}» er ikke en av fasene");
                financed.Add(id);
            }
            var effects = Arr(o, "demandEffects", path, required: false).Select((n, i) =>
            {
                var p = $"{Join(path, "demandEffects")}[{i}]";
                var e = Obj(n, p);
                if (e is null)
                    return null;
                var phase = Str(e, "phase", p);
                if (phase.Length > 0 && !phaseIds.Contains(phase))
                    Error(Join(p, "phase"), "Scenario.Reference", $"«{phase}» er ikke en av fasene ({string.Join(", ", phaseIds)})");
                return new DemandEffect(phase, Qty(e, "change", p, -1, 10), Str(e, "reason", p));
            }).OfType<DemandEffect>().ToList();
            return new Alternative(Str(o, "id", path), Str(o, "name", path), Str(o, "source", path), Bool(o, "dutyToAssist", path),
                shares, financed, CoPayment(o["coPayment"], Join(path, "coPayment"), required: false), effects, StepRefs(o, path, stepIds));
        }
    }
}
