using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Vern.Storage;
using Vern.Storage.Postgres;

namespace Vern.Web;

/// <summary>A bound on the requests the web app serves at once (issue 17, "Under load": no errors at 2× the target load). The
/// rest wait in a first-in, first-out queue instead of failing. Without it, 200 clients on PostgreSQL took every connection of
/// the pool (a request takes a pooled connection per store call), waited Npgsql's 15 s for one, and failed with a 500; the
/// server's <c>max_connections</c> then refused even <c>psql</c>. Only when the queue itself is full is a request refused:
/// 503 with <c>Retry-After</c>, a ProblemDetails for the API.</summary>
public static class RequestLimit
{
    /// <summary>On SQLite, requests served at once when <see cref="VernWebOptions.MaxConcurrentRequests"/> is not set (SQLite
    /// has no connection limit; the bound keeps memory and latency in check under a burst).</summary>
    public const int SqliteDefault = 64;

    /// <summary>Seconds a refused client is asked to wait before it tries again.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>Requests served at once on the configured database: the setting, or on PostgreSQL half the connection pool
    /// (<see cref="PostgresConnection.MaxPoolSize"/>; a request holds one connection at a time, and the other half is left
    /// for the case lookup's and deadline index's catch-up and for a second connection a store may open), at least 1.</summary>
    public static int Permits(VernWebOptions options) => options.MaxConcurrentRequests is > 0 and var n ? n
        : VernDatabase.EngineOf(options.Database) == Engine.Postgres ? Math.Max(1, PostgresConnection.MaxPoolSize(options.Database) / 2)
        : SqliteDefault;

    public static IServiceCollection AddVernRequestLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<VernWebOptions>>((o, vern) =>
        {
            var limiter = new ConcurrencyLimiterOptions
            {
                PermitLimit = Permits(vern.Value),
                QueueLimit = Math.Max(0, vern.Value.RequestQueueLimit),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("vern", _ => limiter));
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.OnRejected = RejectedAsync;
        });
        return services;
    }

    private static async ValueTask RejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string detail = "Vern har for mange forespørsler i kø akkurat nå. Ingenting ble lagret. Prøv igjen om litt.";
        if (Failures.IsApi(http.Request))
        {
            await Results.Problem(title: "Opptatt", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(detail, cancellationToken);
    }
}
