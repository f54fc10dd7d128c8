using Vern.Domain.Intake;

namespace Vern.Storage.Intake;

/// <summary>The intake in memory (tests, the in-memory app): the same contract as <see cref="SqliteIntakeStore"/>.</summary>
public sealed class InMemoryIntakeStore : IIntakeStore, IAccessTokenStore
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedReport> _reports = [];
    private readonly Dictionary<Guid, IntakeDisposition> _dispositions = [];
    private readonly List<AccessToken> _tokens = [];
    private readonly Dictionary<Guid, List<IntakeRoute>> _routes = [];

    public Task<IntakeReceipt> ReceiveAsync(ReceivedReport report, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_reports.Find(r => r.Sender == report.Sender && r.MessageId == report.MessageId) is { } stored)
            {
                if (stored.ContentHash != report.ContentHash)
                    throw new MessageIdReusedException(stored.Sender, stored.MessageId, stored.ReceiptId);
                return Task.FromResult(new IntakeReceipt(stored.ReceiptId, stored.Sender, stored.MessageId, stored.ReceivedAt, Repeated: true));
            }
            _reports.Add(report);
            return Task.FromResult(new IntakeReceipt(report.ReceiptId, report.Sender, report.MessageId, report.ReceivedAt));
        }
    }

    public Task<InboxItem?> FindAsync(Guid receiptId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_reports.Find(r => r.ReceiptId == receiptId) is { } r ? Item(r) : null);
    }

    private InboxItem Item(ReceivedReport r) => new(r, _dispositions.GetValueOrDefault(r.ReceiptId), _routes.TryGetValue(r.ReceiptId, out var routes) ? [.. routes] : []);

    public Task<IReadOnlyList<InboxItem>> ListAsync(string municipalityNumber, bool waitingOnly, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? bydel = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<InboxItem>>([.. _reports
                .Where(r => r.MunicipalityNumber == municipalityNumber && (from is null || r.ReceivedAt >= from) && (to is null || r.ReceivedAt < to))
                .Select(Item)
                .Where(i => (!waitingOnly || i.Waiting) && (bydel is null || i.Bydel == bydel))
                .OrderBy(i => i.Report.ReceivedAt)]);
    }

    public Task RouteAsync(IntakeRoute route, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var report = _reports.Find(r => r.ReceiptId == route.ReceiptId) ?? throw new ArgumentException($"Fant ingen mottatt melding med kvittering {route.ReceiptId}.");
            var item = Item(report);
            if (!item.Waiting)
                throw SqliteIntakeStore.RoutedAfterDisposal(route.ReceiptId);
            if (route.Sequence != item.Routes!.Count + 1 || route.FromBydel != item.Bydel)
                throw SqliteIntakeStore.RoutedMeanwhile(route.ReceiptId);
            if (!_routes.TryGetValue(route.ReceiptId, out var list))
                _routes[route.ReceiptId] = list = [];
            list.Add(route);
        }
        return Task.CompletedTask;
    }

    public Task DisposeAsync(IntakeDisposition disposition, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_reports.Exists(r => r.ReceiptId == disposition.ReceiptId))
                throw new ArgumentException($"Fant ingen mottatt melding med kvittering {disposition.ReceiptId}.");
            if (!_dispositions.TryAdd(disposition.ReceiptId, disposition))
                throw SqliteIntakeStore.DisposedTwice(disposition.ReceiptId);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> DeliveriesBySenderAsync(string municipalityNumber, string? bydel = null,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>>(_reports
                .Where(r => r.MunicipalityNumber == municipalityNumber && (bydel is null || Item(r).Bydel == bydel))
                .GroupBy(r => r.Sender)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<DateTimeOffset>)[.. g.Select(r => r.ReceivedAt).Order()]));
    }

    public Task AddTokenAsync(AccessToken token, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            _tokens.Add(token);
        return Task.CompletedTask;
    }

    public Task<AccessToken?> FindTokenByHashAsync(string secretHash, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_tokens.Find(t => t.SecretHash == secretHash));
    }

    public Task<AccessToken?> FindTokenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_tokens.Find(t => t.Id == id));
    }

    public Task<IReadOnlyList<AccessToken>> ListTokensAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<AccessToken>>([.. _tokens]);
    }

    public Task<bool> RevokeTokenAsync(Guid id, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var i = _tokens.FindIndex(t => t.Id == id);
            if (i < 0 || _tokens[i].Revoked)
                return Task.FromResult(false);
            _tokens[i] = _tokens[i] with { RevokedAt = at, RevokedBy = by };
            return Task.FromResult(true);
        }
    }
}
