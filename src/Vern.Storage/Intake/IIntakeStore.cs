using Vern.Domain.Intake;

namespace Vern.Storage.Intake;

/// <summary>The intake's storage (mottak): received reports, what became of each, and the access tokens sender systems and
/// integrations use. Received reports and dispositions are append-only; a report is never deleted (issue 18, "Retention").</summary>
public interface IIntakeStore
{
    /// <summary>Stores <paramref name="report"/> unless (sender, message id) is already stored, and returns the receipt of
    /// the stored one, in one transaction committed before it returns (SQLite: synchronous=FULL). The uniqueness is the
    /// database's (a unique constraint), not a read-then-write check, so two concurrent deliveries of one message store it
    /// once. The same message id with other content throws <see cref="MessageIdReusedException"/>.</summary>
    Task<IntakeReceipt> ReceiveAsync(ReceivedReport report, CancellationToken cancellationToken = default);

    Task<InboxItem?> FindAsync(Guid receiptId, CancellationToken cancellationToken = default);

    /// <summary>The municipality's received reports (all, or only those still waiting), oldest first; with
    /// <paramref name="from"/>/<paramref name="to"/> only those received in [from, to); with <paramref name="bydel"/> only those
    /// now in that bydel's inbox (<see cref="InboxItem.Bydel"/>, after every routing), selected by the store, never read and
    /// dropped after. Each item carries its routings.</summary>
    Task<IReadOnlyList<InboxItem>> ListAsync(string municipalityNumber, bool waitingOnly, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? bydel = null, CancellationToken cancellationToken = default);

    /// <summary>Records what became of a report; a report gets one disposition (else <see cref="InvalidOperationException"/>).</summary>
    Task DisposeAsync(IntakeDisposition disposition, CancellationToken cancellationToken = default);

    /// <summary>Appends a routing of a waiting report to a bydel (migration 21). Refused with <see cref="StoreRefusedException"/>
    /// unless <see cref="IntakeRoute.Sequence"/> is the next one and <see cref="IntakeRoute.FromBydel"/> is where the report is
    /// now (someone routed it meanwhile), or when the report has been registered or rejected.</summary>
    Task RouteAsync(IntakeRoute route, CancellationToken cancellationToken = default);

    /// <summary>When each sender delivered to the municipality (every receipt time, oldest first), for the silence alarm; with
    /// <paramref name="bydel"/> only the reports now in that bydel's inbox.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>>> DeliveriesBySenderAsync(string municipalityNumber, string? bydel = null,
        CancellationToken cancellationToken = default);
}

/// <summary>An access token (tilgangsnøkkel) as stored: only the SHA-256 of its secret. A personal token acts as its user;
/// a system token is a sender system (avsendersystem) that may only deliver reports (to one municipality, or to any when
/// <paramref name="MunicipalityNumber"/> is null, as the national form does).</summary>
public sealed record AccessToken(Guid Id, AccessTokenKind Kind, string Name, string? UserId, string? MunicipalityNumber, string SecretHash,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt = null, string? RevokedBy = null)
{
    public bool Revoked => RevokedAt is not null;
}

public enum AccessTokenKind
{
    /// <summary>Personlig: acts as a stored user, with that user's role and scope.</summary>
    Personal,

    /// <summary>System: a sender system, allowed only to deliver reports to the intake.</summary>
    System,
}

/// <summary>The access tokens' storage. Never deleted; revoking sets who and when, once.</summary>
public interface IAccessTokenStore
{
    Task AddTokenAsync(AccessToken token, CancellationToken cancellationToken = default);

    /// <summary>The token whose secret hashes to <paramref name="secretHash"/>, revoked or not, or null.</summary>
    Task<AccessToken?> FindTokenByHashAsync(string secretHash, CancellationToken cancellationToken = default);

    Task<AccessToken?> FindTokenAsync(Guid id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AccessToken>> ListTokensAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a token (false when it was already revoked or does not exist).</summary>
    Task<bool> RevokeTokenAsync(Guid id, string by, DateTimeOffset at, CancellationToken cancellationToken = default);
}
