namespace Vern.Application;

/// <summary>A store that <see cref="VernApp"/> opens the first time it is used, not when the app is made. The web app makes
/// one <see cref="VernApp"/> per request, and on SQLite each store is a connection with its PRAGMAs: a worklist request that
/// used three stores opened nine (issue 16, speed). Disposes the store with the app only when it opened it.</summary>
internal sealed class OnFirstUse<T>(Func<T> open) : IDisposable where T : class
{
    private readonly Lazy<T> _value = new(open);

    /// <summary>A store the caller has already opened (and disposes itself, or hands to the app as owned).</summary>
    public static OnFirstUse<T> Opened(T store) => new(() => store);

    public T Value => _value.Value;

    public void Dispose()
    {
        if (_value.IsValueCreated && _value.Value is IDisposable d)
            d.Dispose();
    }
}
