using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vern.Domain.State;

/// <summary>A message type of Bufdir's Fiks protocol (protokoll <c>bufdir.no.barnevern.ks.fiks.protokoll</c> v1).</summary>
/// <param name="Id">The type id, e.g. <c>bufdir.no.barnevern.ks.fiks.protokoll.v1.henvisning</c>.</param>
/// <param name="ReplyTo">The types it answers (erSvarPaa).</param>
/// <param name="RepliesWith">The types that may answer it (kanSvareMed).</param>
public sealed record FiksMessageType(string Id, string Description, ImmutableArray<string> ReplyTo, ImmutableArray<string> RepliesWith);

/// <summary>The message types of the protocol, as data copied from
/// <c>shared/reference/bufdir-fiks/meldingstyper.json</c> (protokollnavn bufdir.no.barnevern.ks.fiks.protokoll, versjon v1).
/// Vern uses henvisning, trukketmelding, tilsagn, applikasjonskvittering, feilmelding and saksbehandlerkvittering; the protocol
/// has no message for a rejection or a placement, so Vern sends those as a saksbehandlerkvittering whose payload says what
/// happened (<see cref="CaseworkerReceipt"/>) – Vern's reading, documented in docs/state.md.</summary>
public static class FiksMessageTypes
{
    public const string Prefix = "bufdir.no.barnevern.ks.fiks.protokoll.v1.";
    public const string Referral = Prefix + "henvisning";
    public const string Attachment = Prefix + "vedleggsmelding";
    public const string Withdrawal = Prefix + "trukketmelding";
    public const string Offer = Prefix + "tilsagn";
    public const string ApplicationReceipt = Prefix + "applikasjonskvittering";
    public const string Error = Prefix + "feilmelding";
    public const string CaseworkerReceipt = Prefix + "saksbehandlerkvittering";
    public const string Test = Prefix + "testmelding";

    private static readonly ImmutableArray<string> Receipts = [ApplicationReceipt, Error, CaseworkerReceipt];

    public static readonly ImmutableArray<FiksMessageType> All =
    [
        new(Referral, "Henvisning fra 1.linje til 2.linje barnevern", [], Receipts),
        new(Attachment, "Melding som brukes til å ettersende vedlegg til melding", [], Receipts),
        new(Withdrawal, "Brukes for å trekke eller slette tidligere sendt melding", [], Receipts),
        new(Offer, "Tilsagn om tjeneste fra 2.linje barnevern", [Referral], Receipts),
        new(ApplicationReceipt, "Kvittering fra mottakers fagsystem som indikerer melding registrert i systemet", [Referral, Attachment, Withdrawal, Test], []),
        new(Error, "Feilmelding fra mottakers meldingsmottak eller fagsystem", [Referral, Attachment, Withdrawal, Test], []),
        new(CaseworkerReceipt, "Sendes manuelt fra saksbehandler, indikerer at melding er sett og vil normalt indikere informasjon om forventet saksgang", [Referral, Attachment, Withdrawal], []),
        new(Test, "Behandles ikke i fagsystem, men besvares med applikasjonskvittering eller feilmelding", [], [ApplicationReceipt, Error]),
    ];

    public static FiksMessageType? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>The short name after the prefix ("henvisning", "tilsagn" …).</summary>
    public static string Short(string id) => id.StartsWith(Prefix, StringComparison.Ordinal) ? id[Prefix.Length..] : id;
}

/// <summary>An address in the exchange: a municipality (<c>kommune:4601</c>) or a Bufetat region (<c>bufetat:Øst</c>).</summary>
public static class FiksAddress
{
    public static string Municipality(string number) => "kommune:" + number;

    public static string Region(string region) => "bufetat:" + region;
}

/// <summary>One Fiks message as Vern writes it to a file: the envelope (id, type, sender, receiver, the message it answers)
/// and the payload. The real protocol carries the payload as payload.xml inside Fiks IO; Vern's file exchange carries it as
/// JSON in the same file.</summary>
/// <param name="MessageId">meldingId: a UUID; importing the same id twice changes nothing (idempotent).</param>
/// <param name="InReplyTo">svarPaMelding: the message this one answers.</param>
public sealed record FiksMessage(Guid MessageId, string Type, string Sender, string Receiver, Guid? InReplyTo, ReferralId ReferralId,
    DateTimeOffset SentAt, JsonObject Payload)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a message file's text; a text that is not one names what is wrong.</summary>
    public static FiksMessage Parse(string json, string what)
    {
        FiksMessage? m;
        try
        {
            m = JsonSerializer.Deserialize<FiksMessage>(json, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what}: ikke en Fiks-melding fra Vern ({e.Message}).", e);
        }
        if (m is null || m.MessageId == Guid.Empty || FiksMessageTypes.Find(m.Type ?? "") is null || m.Payload is null || string.IsNullOrEmpty(m.Receiver))
            throw new FormatException($"{what}: meldingen mangler meldingId, en kjent meldingstype ({string.Join(", ", FiksMessageTypes.All.Select(t => FiksMessageTypes.Short(t.Id)))}), mottaker eller payload.");
        return m;
    }
}

/// <summary>What a saksbehandlerkvittering from Vern says happened (the payload's <c>utfall</c>).</summary>
public static class CaseworkerReceipt
{
    public const string Rejected = "avslag";
    public const string StayStarted = "plassert";
    public const string StayEnded = "avsluttet";
}
