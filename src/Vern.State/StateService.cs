using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vern.Domain.Cases;
using Vern.Domain.State;
using Vern.Domain.Validation;
using Vern.Storage.State;

namespace Vern.State;

/// <summary>What importing a folder of Fiks message files did, per file.</summary>
/// <param name="Outcome">"mottatt" (stored), "duplikat" (already received: nothing changed), "feil: …" (refused; a feilmelding
/// was queued back), "ikke til oss" (addressed to another service: skipped).</param>
public sealed record ImportedMessage(string File, Guid MessageId, string Type, ReferralId ReferralId, string Outcome);

/// <summary>The state side's entry point (style 4: one public entry point per feature): commands on referrals as load–decide–
/// commit, with the Fiks messages each one sends queued in the same transaction; import and export of message files.
/// Knows nothing of actors: Vern.Application checks who may do what and names the sender/receiver address.</summary>
public sealed class StateService(IStateStore store, TimeProvider clock, Func<Guid>? newId = null)
{
    private readonly Func<Guid> _newId = newId ?? Guid.NewGuid;

    public IStateStore Store => store;

    /// <summary>Sends a new referral: stores it and queues the henvisning to the region.</summary>
    public async Task<ReferralState> SendAsync(ReferralDetails details, string by)
    {
        var events = ReferralDecider.Decide(await store.LoadAsync(details.Id), new SendReferral(details));
        var state = ReferralState.Replay(events)!;
        var message = Message(FiksMessageTypes.Referral, FiksAddress.Municipality(details.MunicipalityNumber), FiksAddress.Region(details.Region), null, details.Id,
            Node(details with { CaseId = null }));
        await store.CommitAsync(new StateCommit(Append(null, state, events, by), null, [message]));
        return state;
    }

    /// <summary>Decides and stores a command on a referral; <paramref name="sender"/> is the acting service's address
    /// (<see cref="FiksAddress"/>): the message the change sends, if any, goes from it to the other side.</summary>
    public async Task<ReferralState> ChangeAsync(ReferralId id, ReferralCommand command, string by, string sender)
    {
        var before = await store.LoadAsync(id) ?? throw new ArgumentException($"Henvisningen {id} finnes ikke.");
        var events = ReferralDecider.Decide(before, command, await ChildStays(before));
        var after = events.Aggregate(before, ReferralState.Apply);
        var receiver = sender.StartsWith("kommune:", StringComparison.Ordinal) ? FiksAddress.Region(before.Details.Region) : FiksAddress.Municipality(before.Details.MunicipalityNumber);
        var outbox = events.Select(e => Outgoing(e, sender, receiver, id, before.ReceivedMessageId)).OfType<FiksMessage>().ToList();
        await store.CommitAsync(new StateCommit(Append(before, after, events, by), null, outbox));
        return after;
    }

    /// <summary>Writes every message from <paramref name="sender"/> not yet exported (or all, with <paramref name="all"/>) to
    /// <paramref name="directory"/>, one file each (<c>NNNNNN-type-meldingId.json</c>), and logs them as exported.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(string sender, string directory, bool all = false)
    {
        Directory.CreateDirectory(directory);
        var pending = await store.OutboxAsync(sender, all);
        var files = new List<string>();
        var existing = Directory.EnumerateFiles(directory, "*.json").Count(f => !f.EndsWith(".faktura.json", StringComparison.Ordinal));
        foreach (var m in pending)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{existing + files.Count + 1:000000}-{FiksMessageTypes.Short(m.Type)}-{m.MessageId:D}.json");
            var path = Path.Combine(directory, name);
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, m.ToJson());
            File.Move(temp, path, overwrite: true);
            files.Add(path);
        }
        if (pending.Count > 0)
            await store.MarkExportedAsync([.. pending.Select(m => m.MessageId)], Path.GetFullPath(directory), clock.GetUtcNow());
        return files;
    }

    /// <summary>Reads every <c>*.json</c> message file in <paramref name="directory"/> (by name order) addressed to
    /// <paramref name="receiver"/> and applies it; each message in its own transaction, with its reply. A message id already
    /// received changes nothing; a message the rules refuse stores nothing of it but its id and queues a feilmelding back.</summary>
    public async Task<IReadOnlyList<ImportedMessage>> ImportAsync(string directory, string receiver, string by)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Mappen {directory} finnes ikke.");
        var results = new List<ImportedMessage>();
        // Bufetat's invoice files (*.faktura.json, Vern's own format: docs/finance.md) may share the folder; `vern invoice import` reads them.
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Where(f => !f.EndsWith(".faktura.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var m = FiksMessage.Parse(await File.ReadAllTextAsync(file), Path.GetFileName(file));
            results.Add(new ImportedMessage(Path.GetFileName(file), m.MessageId, FiksMessageTypes.Short(m.Type), m.ReferralId, await ImportOne(m, receiver, by)));
        }
        return results;
    }

    private async Task<string> ImportOne(FiksMessage m, string receiver, string by)
    {
        if (m.Receiver != receiver)
            return "ikke til oss";
        if (await store.HasInboundAsync(m.MessageId))
            return "duplikat";
        var at = clock.GetUtcNow();
        var today = NorwegianToday();
        var existing = await store.LoadAsync(m.ReferralId);
        try
        {
            ReferralCommand? command = null;
            IReadOnlyList<ReferralEvent>? events = null;
            switch (m.Type)
            {
                case FiksMessageTypes.Referral:
                    {
                        var details = Read<ReferralDetails>(m.Payload) with { CaseId = null };
                        if (details.Id != m.ReferralId)
                            throw new FormatException("henvisningId i konvolutten og i payload er ulike.");
                        if (existing is not null)
                            throw new DomainRuleException($"Henvisningen {details.Id} er allerede mottatt.");
                        ReferralDecider.ValidateDetails(details);
                        events = [new ReferralReceived(details, m.MessageId, today)];
                        break;
                    }
                case FiksMessageTypes.Withdrawal:
                    var w = Read<ReferralWithdrawn>(m.Payload);
                    command = new WithdrawReferral(w.WithdrawnOn, w.Reason);
                    break;
                case FiksMessageTypes.Offer:
                    var o = Read<OfferMade>(m.Payload);
                    command = new MakeOffer(o.OfferedOn, o.FacilityId, o.PlaceName, o.StartOn, o.Note);
                    break;
                case FiksMessageTypes.CaseworkerReceipt:
                    command = (string?)m.Payload["utfall"] switch
                    {
                        CaseworkerReceipt.Rejected => Read<ReferralRejected>(m.Payload["hendelse"]!.AsObject()) is var r ? new RejectReferral(r.RejectedOn, r.Reason) : null,
                        CaseworkerReceipt.StayStarted => Read<StayStarted>(m.Payload["hendelse"]!.AsObject()) is var s ? new StartStay(s.StayId, s.StartOn, s.FacilityId, s.PlaceName) : null,
                        CaseworkerReceipt.StayEnded => Read<StayEnded>(m.Payload["hendelse"]!.AsObject()) is var e ? new EndStay(e.EndOn, e.Reason) : null,
                        var other => throw new FormatException($"saksbehandlerkvittering med ukjent utfall «{other}»."),
                    };
                    break;
                case FiksMessageTypes.ApplicationReceipt:
                case FiksMessageTypes.Error:
                    await store.CommitAsync(new StateCommit(null, Inbound(m, m.Type == FiksMessageTypes.Error ? "feilmelding: " + (string?)m.Payload["feil"] : "kvittering", at), []));
                    return m.Type == FiksMessageTypes.Error ? "feilmelding mottatt: " + (string?)m.Payload["feil"] : "kvittering mottatt";
                default:
                    throw new FormatException($"meldingstypen {FiksMessageTypes.Short(m.Type)} behandles ikke av Vern.");
            }
            ReferralState? before = existing;
            if (command is not null)
            {
                if (existing is null)
                    throw new DomainRuleException($"Henvisningen {m.ReferralId} finnes ikke hos mottakeren.");
                events = ReferralDecider.Decide(existing, command, await ChildStays(existing));
            }
            var after = events!.Aggregate(before, (s, e) => ReferralState.Apply(s, e))!;
            var replies = Replies(m, at);
            await store.CommitAsync(new StateCommit(Append(before, after, events!, by), Inbound(m, "mottatt", at), replies));
            return "mottatt";
        }
        catch (Exception e) when (e is DomainRuleException or FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            // Nothing of the message is stored but its id (so a repeat is a duplicate); the sender is told why.
            var error = Message(FiksMessageTypes.Error, receiver, m.Sender, m.MessageId, m.ReferralId, new JsonObject { ["feil"] = e.Message });
            var replies = FiksMessageTypes.Find(m.Type)!.RepliesWith.Contains(FiksMessageTypes.Error) ? [error] : Array.Empty<FiksMessage>();
            await store.CommitAsync(new StateCommit(null, Inbound(m, "feil: " + e.Message, at), replies));
            return "feil: " + e.Message;
        }
    }

    private List<FiksMessage> Replies(FiksMessage m, DateTimeOffset at) =>
        FiksMessageTypes.Find(m.Type)!.RepliesWith.Contains(FiksMessageTypes.ApplicationReceipt)
            ? [Message(FiksMessageTypes.ApplicationReceipt, m.Receiver, m.Sender, m.MessageId, m.ReferralId, new JsonObject { ["mottatt"] = at.ToString("O", CultureInfo.InvariantCulture) })]
            : [];

    private static InboundMessage Inbound(FiksMessage m, string outcome, DateTimeOffset at) => new(m.MessageId, m.Type, m.Sender, m.Receiver, m.ReferralId, outcome, at);

    /// <summary>The message an event sends to the other side, if any.</summary>
    private FiksMessage? Outgoing(ReferralEvent e, string sender, string receiver, ReferralId id, Guid? inReplyTo) => e switch
    {
        OfferMade o => Message(FiksMessageTypes.Offer, sender, receiver, inReplyTo, id, Node(o)),
        ReferralWithdrawn w => Message(FiksMessageTypes.Withdrawal, sender, receiver, null, id, Node(w)),
        ReferralRejected r => Message(FiksMessageTypes.CaseworkerReceipt, sender, receiver, inReplyTo, id, Receipt(CaseworkerReceipt.Rejected, r)),
        StayStarted s => Message(FiksMessageTypes.CaseworkerReceipt, sender, receiver, inReplyTo, id, Receipt(CaseworkerReceipt.StayStarted, s)),
        StayEnded s => Message(FiksMessageTypes.CaseworkerReceipt, sender, receiver, inReplyTo, id, Receipt(CaseworkerReceipt.StayEnded, s)),
        _ => null,
    };

    private static JsonObject Receipt(string outcome, ReferralEvent e) => new() { ["utfall"] = outcome, ["hendelse"] = Node(e) };

    private FiksMessage Message(string type, string sender, string receiver, Guid? inReplyTo, ReferralId id, JsonObject payload) =>
        new(_newId(), type, sender, receiver, inReplyTo, id, clock.GetUtcNow(), payload);

    private static JsonObject Node<T>(T value) where T : notnull
    {
        var node = JsonSerializer.SerializeToNode<object>(value, CaseJson.Options)!.AsObject();
        node.Remove("type");
        return node;
    }

    private static T Read<T>(JsonObject payload) => JsonSerializer.Deserialize<T>(payload, CaseJson.Strict)
        ?? throw new FormatException($"payload er ikke en {typeof(T).Name}.");

    private async Task<IReadOnlyList<Stay>> ChildStays(ReferralState r) =>
        [.. (await store.ListByChildAsync(r.Details.Child.Key)).Where(o => o.Id != r.Id && o.Measure.Residential).SelectMany(o => o.Stays)];

    private ReferralAppend Append(ReferralState? before, ReferralState after, IReadOnlyList<ReferralEvent> events, string by)
    {
        var at = clock.GetUtcNow();
        var version = before?.Version ?? 0;
        return new ReferralAppend(after, version, [.. events.Select((e, i) => new RecordedReferralEvent(after.Id, version + i + 1, e, by, at))]);
    }

    /// <summary>Today in Norway by the injected clock (the date a message is received on).</summary>
    private DateOnly NorwegianToday() => Vern.Storage.NorwegianTime.Today(clock);
}
