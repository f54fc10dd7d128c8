using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Vern.Web.Tests.Browser;

/// <summary>The requests each live server of this test process received, from ASP.NET Core's own diagnostic events (no change
/// to the server): method, path, status and time, and those still running. Only for a failing browser test's message.</summary>
public static class RequestTrace
{
    private sealed record Seen(string Method, string Path, DateTime Started)
    {
        public int? Status { get; set; }
        public DateTime? Ended { get; set; }
    }

    private static readonly ConcurrentDictionary<int, ConcurrentQueue<Seen>> ByPort = new();
    private static readonly ConditionalWeakTable<HttpContext, Seen> Running = new();
    private static int _subscribed;

    /// <summary>Starts listening (once per process).</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
            return;
        DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == "Microsoft.AspNetCore")
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(OnEvent), name => name.StartsWith("Microsoft.AspNetCore.Hosting.HttpRequestIn", StringComparison.Ordinal));
        }));
    }

    private static void OnEvent(KeyValuePair<string, object?> e)
    {
        if (e.Value is not HttpContext http)
            return;
        if (e.Key.EndsWith(".Start", StringComparison.Ordinal))
        {
            var seen = new Seen(http.Request.Method, http.Request.Path + http.Request.QueryString, DateTime.UtcNow);
            Running.AddOrUpdate(http, seen);
            var queue = ByPort.GetOrAdd(http.Connection.LocalPort, _ => new ConcurrentQueue<Seen>());
            queue.Enqueue(seen);
            while (queue.Count > 50 && queue.TryDequeue(out _)) { }
        }
        else if (e.Key.EndsWith(".Stop", StringComparison.Ordinal) && Running.TryGetValue(http, out var seen))
        {
            seen.Status = http.Response.StatusCode;
            seen.Ended = DateTime.UtcNow;
        }
    }

    /// <summary>The last requests the server on <paramref name="port"/> received, oldest first.</summary>
    public static string Describe(int port) => ByPort.TryGetValue(port, out var queue)
        ? string.Join("; ", queue.TakeLast(12).Select(s => s.Ended is { } end
            ? $"{s.Started:HH:mm:ss.fff} {s.Method} {s.Path} → {s.Status} in {(end - s.Started).TotalMilliseconds:0} ms"
            : $"{s.Started:HH:mm:ss.fff} {s.Method} {s.Path} still running"))
        : "(none seen)";

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnNext(T value) => next(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
