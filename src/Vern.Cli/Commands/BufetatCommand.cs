using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Vern.Application;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.State.Reports;

namespace Vern.Cli.Commands;

/// <summary><c>vern bufetat …</c>: Bufetat's intake (inntak) on the referrals of its region – offer (tilsagn), reject, stays,
/// intake assessment and follow-up, settling of unaccompanied minors, centres and institutions – and the state side's reports
/// (duty to assist, foster home waiting list, emergency homes, centres, institutions, stays).</summary>
public static class BufetatCommand
{
    private static readonly Argument<string> IdArg = new("referral-id") { Description = "Henvisningens id (UUID)" };

    public static Command Create()
    {
        var command = new Command("bufetat", "Bufetats inntak: tilsagn, avslag, opphold, kartlegging og oppfølging; sentre og institusjoner; rapportene");
        command.Subcommands.Add(ReferralCommand.List("referrals"));
        command.Subcommands.Add(Offer());
        command.Subcommands.Add(Reject());
        command.Subcommands.Add(Stay());
        command.Subcommands.Add(Note("intake-assessment", "Registrer kartleggingen ved inntak for oppholdet (`003_…` kap. 7.2.1)", (app, a, id, on, text) => app.RecordIntakeAssessmentAsync(a, id, on, text)));
        command.Subcommands.Add(Note("follow-up", "Registrer en oppfølging/evaluering under oppholdet (`003_…` kap. 7.2.2)", (app, a, id, on, text) => app.RecordFollowUpAsync(a, id, on, text)));
        command.Subcommands.Add(Settled());
        command.Subcommands.Add(Facility());
        command.Subcommands.Add(Report());
        return command;
    }

    private static Command Offer()
    {
        var on = new Option<string?>("--on") { Description = "Tilsagnets dato (ellers i dag)" };
        var place = new Option<string>("--place") { Description = "Stedet/tiltaket som tilbys", Required = true };
        var facility = new Option<string?>("--facility") { Description = "Tiltakssted-id (senter eller institusjon, se «vern bufetat facility list»)" };
        var start = new Option<string>("--start-on") { Description = "Oppstart (ÅÅÅÅ-MM-DD)", Required = true };
        var note = new Option<string?>("--note") { Description = "Merknad" };
        var c = new Command("offer", "Gi tilsagn på en henvisning (tilsagn til kommunen)") { IdArg, on, place, facility, start, note };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.OfferAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), new MakeOffer(CliDates.Parse(p.GetValue(on), "--on") ?? s.App.Today,
                p.GetValue(facility), p.GetValue(place)!, CliDates.Parse(p.GetValue(start), "--start-on")!.Value, p.GetValue(note))));
            AnsiConsole.MarkupLine("[green]Tilsagn gitt.[/]");
            return 0;
        });
        return c;
    }

    private static Command Reject()
    {
        var on = new Option<string?>("--on") { Description = "Dato (ellers i dag)" };
        var reason = new Option<string>("--reason") { Description = "Begrunnelse", Required = true };
        var c = new Command("reject", "Avslå en henvisning (saksbehandlerkvittering med utfall avslag)") { IdArg, on, reason };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.RejectAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), CliDates.Parse(p.GetValue(on), "--on"), p.GetValue(reason)!));
            AnsiConsole.MarkupLine("[green]Henvisningen er avslått.[/]");
            return 0;
        });
        return c;
    }

    private static Command Stay()
    {
        var command = new Command("stay", "Opphold: start og slutt");
        var startOn = new Option<string>("--on") { Description = "Dato (ÅÅÅÅ-MM-DD)", Required = true };
        var facility = new Option<string?>("--facility") { Description = "Tiltakssted-id (ellers tilsagnets)" };
        var start = new Command("start", "Barnet (familien) flytter inn") { IdArg, startOn, facility };
        start.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.StartStayAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), CliDates.Parse(p.GetValue(startOn), "--on")!.Value, p.GetValue(facility)));
            AnsiConsole.MarkupLine("[green]Oppholdet er startet.[/]");
            return 0;
        });
        var endOn = new Option<string>("--on") { Description = "Siste dag (ÅÅÅÅ-MM-DD)", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Hvorfor oppholdet sluttet" };
        var end = new Command("end", "Oppholdet slutter") { IdArg, endOn, reason };
        end.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.EndStayAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), CliDates.Parse(p.GetValue(endOn), "--on")!.Value, p.GetValue(reason)));
            AnsiConsole.MarkupLine("[green]Oppholdet er avsluttet.[/]");
            return 0;
        });
        command.Subcommands.Add(start);
        command.Subcommands.Add(end);
        return command;
    }

    private static Command Note(string name, string description, Func<Vern.Application.VernApp, Vern.Application.Actor, ReferralId, DateOnly, string, Task<ReferralState>> record)
    {
        var on = new Option<string>("--on") { Description = "Dato (ÅÅÅÅ-MM-DD)", Required = true };
        var summary = new Option<string>("--summary") { Description = "Hva som ble funnet/vurdert", Required = true };
        var c = new Command(name, description) { IdArg, on, summary };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(record(s.App, s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), CliDates.Parse(p.GetValue(on), "--on")!.Value, p.GetValue(summary)!));
            AnsiConsole.MarkupLine("[green]Registrert.[/]");
            return 0;
        });
        return c;
    }

    private static Command Settled()
    {
        var on = new Option<string>("--on") { Description = "Bosettingsdato", Required = true };
        var c = new Command("settled", "Registrer at en enslig mindreårig er bosatt (redusert egenandel for institusjon slutter)") { IdArg, on };
        c.SetAction(p =>
        {
            using var s = Session.Open(p);
            Session.Wait(s.App.RecordSettledAsync(s.Actor, ReferralId.Parse(p.GetValue(IdArg)!), CliDates.Parse(p.GetValue(on), "--on")!.Value));
            AnsiConsole.MarkupLine("[green]Bosetting registrert.[/]");
            return 0;
        });
        return c;
    }

    private static Command Facility()
    {
        var command = new Command("facility", "Sentre for foreldre og barn og institusjoner (godkjente plasser, døgnpris); en endring er en ny versjon");
        var id = new Option<string>("--id") { Required = true, Description = "Id" };
        var name = new Option<string>("--name") { Required = true, Description = "Navn" };
        var kind = new Option<string>("--kind") { Required = true, Description = "centre eller institution" };
        var owner = new Option<string>("--owner") { Required = true, Description = "state, non-profit, commercial eller oslo" };
        var places = new Option<int>("--places") { Required = true, Description = "Godkjente plasser" };
        var price = new Option<decimal>("--day-price") { Required = true, Description = "Døgnpris i kroner" };
        var from = new Option<string>("--valid-from") { Required = true, Description = "Gjelder fra (ÅÅÅÅ-MM-DD)" };
        var type = new Option<string?>("--institution-type") { Description = "omsorg, atferd, akutt, rus eller multifunc" };
        var add = new Command("add", "Legg til et tiltakssted (eller en ny versjon av et) i din region") { id, name, kind, owner, places, price, from, type };
        add.SetAction(p =>
        {
            using var s = Session.Open(p);
            var k = p.GetValue(kind) switch { "centre" => FacilityKind.ParentChildCentre, "institution" => FacilityKind.Institution, var x => throw new ArgumentException($"--kind: «{x}» er verken centre eller institution.") };
            var o = p.GetValue(owner) switch
            {
                "state" => FacilityOwner.State, "non-profit" => FacilityOwner.NonProfit, "commercial" => FacilityOwner.Commercial, "oslo" => FacilityOwner.Oslo,
                var x => throw new ArgumentException($"--owner: «{x}» er ikke state, non-profit, commercial eller oslo."),
            };
            Session.Wait(s.App.AddFacilityAsync(s.Actor, new Facility(p.GetValue(id)!, p.GetValue(name)!, k, o, s.Actor.Region ?? "", p.GetValue(places), p.GetValue(price),
                CliDates.Parse(p.GetValue(from), "--valid-from")!.Value, p.GetValue(type))));
            AnsiConsole.MarkupLine("[green]Tiltaksstedet er lagret.[/]");
            return 0;
        });
        var list = new Command("list", "Tiltaksstedene");
        list.SetAction(p =>
        {
            using var s = Session.Open(p);
            var table = new Table().AddColumns("Id", "Navn", "Type", "Eier", "Region", "Plasser", "Døgnpris", "Fra");
            foreach (var f in Session.Wait(s.App.FacilitiesAsync(s.Actor)))
                table.AddRow(Markup.Escape(f.Id), Markup.Escape(f.Name), f.Kind + (f.InstitutionType is { } t ? " " + t : ""), f.Owner.ToString(), Markup.Escape(f.Region),
                    f.Places.ToString(CultureInfo.InvariantCulture), f.DayPrice.ToString("N0", CultureInfo.InvariantCulture), ReferralCommand.Date(f.ValidFrom));
            AnsiConsole.Write(table);
            return 0;
        });
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        return command;
    }

    private static Command Report()
    {
        var command = new Command("report", "Rapportene: bistandsplikt, venteliste fosterhjem, beredskapshjem, sentre, institusjoner, opphold");
        var asOf = new Option<string?>("--as-of") { Description = "Per dato (ellers i dag)" };
        var from = new Option<string?>("--from") { Description = "Periodens første dag (ellers 1. januar i år)" };
        var to = new Option<string?>("--to") { Description = "Periodens siste dag (ellers i dag)" };
        var format = new Option<string>("--format") { Description = "text eller json", DefaultValueFactory = _ => "text" };
        DateOnly AsOf(ParseResult p, Session s) => CliDates.Parse(p.GetValue(asOf), "--as-of") ?? s.App.Today;
        DateOnly To(ParseResult p, Session s) => CliDates.Parse(p.GetValue(to), "--to") ?? s.App.Today;
        DateOnly From(ParseResult p, Session s) => CliDates.Parse(p.GetValue(from), "--from") ?? new DateOnly(To(p, s).Year, 1, 1);

        var breaches = new Command("breaches", "Brudd på bistandsplikten per år, region, tiltakstype og unike barn (`003_…` 6.2.1)") { asOf, format };
        breaches.SetAction(p => Run(p, format, s =>
        {
            var r = Session.Wait(s.App.BreachTableAsync(s.Actor, AsOf(p, s), s.Purpose));
            Print("Brudd per år", r.PerYear);
            Print("Brudd per region", r.PerRegion);
            Print("Brudd per tiltakstype", r.PerMeasure);
            Print("I alt", [r.Total]);
            if (r.Suppressed)
                AnsiConsole.MarkupLine("«:» = prikket (1–4, eller kunne avsløre et prikket tall).");
            return r;
        }));
        var waiting = new Command("waiting-list", "Barn som venter på fosterhjem: gjennomsnitt, median og intervaller per region (`002_…` 5.3)") { asOf, format };
        waiting.SetAction(p => Run(p, format, s =>
        {
            var r = Session.Wait(s.App.WaitingTableAsync(s.Actor, AsOf(p, s), s.Purpose));
            var table = new Table().Title($"Venter på fosterhjem per {ReferralCommand.Date(r.AsOf)} (dager etter ønsket oppstart)")
                .AddColumns("Region", "Barn", "Snitt", "Median", "< 30", "30–90", "91–180", "> 180");
            foreach (var row in r.Regions.Append(r.Total))
                table.AddRow(Markup.Escape(row.Region), N(row.Waiting), D(row.MeanDays), D(row.MedianDays), N(row.Under30), N(row.From30To90), N(row.From91To180), N(row.Over180));
            AnsiConsole.Write(table);
            return r;
        }));
        var emergency = new Command("emergency-homes", "Oppholdstid i beredskapshjem: avsluttede opphold og barn som bor der nå (`002_…` 5.2, tabell 5-1)") { from, to, format };
        emergency.SetAction(p => Run(p, format, s =>
        {
            var r = Session.Wait(s.App.EmergencyStaysAsync(s.Actor, From(p, s), To(p, s), s.Purpose));
            AnsiConsole.MarkupLineInterpolated($"Avsluttet {ReferralCommand.Date(r.From)}–{ReferralCommand.Date(r.To)}: {r.Ended.Count} opphold, snitt {D(r.Ended.Mean)} dager, median {D(r.Ended.Median)}");
            AnsiConsole.MarkupLineInterpolated($"Bor i beredskapshjem {ReferralCommand.Date(r.To)}: {r.CurrentAtTo.Count} barn, snitt botid {D(r.CurrentAtTo.Mean)} dager");
            return new { r.From, r.To, r.Ended, r.CurrentAtTo, ByRegion = r.CurrentByRegion.Select(x => new { x.Region, x.Current }) };
        }));
        var centres = new Command("centres", "Sentre for foreldre og barn: plasser, opphold, døgn, belegg, døgnpris, kostnad per opphold (`000_…` kap. 2, tabell 6.1)") { from, to, format };
        centres.SetAction(p => Run(p, format, s =>
        {
            var r = Session.Wait(s.App.CentreTableAsync(s.Actor, From(p, s), To(p, s), s.Purpose));
            var table = new Table().Title($"Sentre {ReferralCommand.Date(r.From)}–{ReferralCommand.Date(r.To)}").AddColumns("Senter", "Eier", "Region", "Plasser", "Opphold", "Døgn", "Belegg", "Døgnpris", "Kost/opphold");
            foreach (var u in r.Facilities)
                table.AddRow(Markup.Escape(u.Name), u.Owner.ToString(), Markup.Escape(u.Region), N(u.Places), N(u.Stays), N(u.Days),
                    u.Occupancy is { } o ? o.ToString("P0", CultureInfo.InvariantCulture) : ":", u.DayPrice.ToString("N0", CultureInfo.InvariantCulture),
                    u.CostPerStay is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : ":");
            AnsiConsole.Write(table);
            if (r.Suppressed)
                AnsiConsole.MarkupLine("«:» = prikket (1–4 opphold, eller kunne avsløre et prikket tall).");
            return r;
        }));
        var institutions = new Command("institutions", "Institusjoner: godkjente plasser og belegg per type, opphold uten kartlegging eller oppfølging (`003_…` kap. 7)") { from, to, format };
        institutions.SetAction(p => Run(p, format, s =>
        {
            var r = Session.Wait(s.App.InstitutionTableAsync(s.Actor, From(p, s), To(p, s), s.Purpose));
            var table = new Table().AddColumns("Type", "Plasser", "Opphold", "Døgn", "Belegg");
            foreach (var t in r.PerType)
                table.AddRow(Markup.Escape(t.Type), N(t.Places), N(t.Stays), N(t.Days), t.Occupancy is { } o ? o.ToString("P0", CultureInfo.InvariantCulture) : ":");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{N(r.Stays)} opphold; uten kartlegging ved inntak: {N(r.WithoutIntakeAssessment)}; uten oppfølging: {N(r.WithoutFollowUp)}");
            if (r.Suppressed)
                AnsiConsole.MarkupLine("«:» = prikket (1–4, eller kunne avsløre et prikket tall).");
            return new { r.From, r.To, PerType = r.PerType.Select(t => new { t.Type, t.Places, t.Stays, t.Days, t.Occupancy }), r.Stays, r.WithoutIntakeAssessment, r.WithoutFollowUp, r.Suppressed };
        }));
        var municipality = new Option<string?>("--municipality") { Description = "Bare denne kommunens opphold" };
        var stays = new Command("stays", "Opphold i perioden (kommune, barn, tiltak, fra, til, plassert, bosatt) – grunnlaget for egenandelene") { from, to, municipality, format };
        stays.SetAction(p => Run(p, format, s =>
        {
            var list = Session.Wait(s.App.StaysAsync(s.Actor, From(p, s), To(p, s), p.GetValue(municipality), purpose: s.Purpose));
            var table = new Table().AddColumns("Kommune", "Barn", "Tiltak", "Egenandel", "Fra", "Til", "Plassert", "Bosatt");
            foreach (var x in list)
                table.AddRow(x.MunicipalityNumber, Markup.Escape(x.ChildKey), x.MeasureCode, x.CopayCode, ReferralCommand.Date(x.From), x.To is { } t ? ReferralCommand.Date(t) : "",
                    ReferralCommand.Date(x.PlacedOn), x.SettledOn is { } st ? ReferralCommand.Date(st) : "");
            AnsiConsole.Write(table);
            return list;
        }));
        foreach (var c in new[] { breaches, waiting, emergency, centres, institutions, stays })
            command.Subcommands.Add(c);
        return command;
    }

    private static int Run<T>(ParseResult p, Option<string> format, Func<Session, T> body)
    {
        var json = p.GetValue(format) switch { "json" => true, "text" => false, var f => throw new ArgumentException($"--format: «{f}» er verken text eller json.") };
        using var s = Session.Open(p);
        if (!json)
        {
            body(s);
            return 0;
        }
        var capture = new StringWriter();
        var console = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(capture) });
        T result;
        try
        {
            result = body(s);
        }
        finally
        {
            AnsiConsole.Console = console;
        }
        Console.Out.WriteLine(JsonSerializer.Serialize(result, CaseJson.Indented));
        return 0;
    }

    private static void Print(string title, IReadOnlyList<BreachRow> rows)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("", "Brudd", "Unike barn", "Henvisninger med bistandsplikt", "Konstatert av statsforvalter");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Key), N(r.Breaches), N(r.UniqueChildren), N(r.ReferralsWithDuty), N(r.ConfirmedByCountyGovernor));
        AnsiConsole.Write(table);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A count, or «:» where it is suppressed.</summary>
    private static string N(int? n) => n is { } v ? N(v) : ":";

    private static string D(double? d) => d is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "–";
}
