using System.Collections;
using System.Runtime.CompilerServices;

namespace Vern.Register.Model;

/// <summary>An immutable list with value equality, so that register records compare by content
/// (two cases read from the same XML are equal). Used for every repeated element of the register model.</summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    /// <summary>The empty list.</summary>
    public static readonly ValueList<T> Empty = new([]);

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    private ValueList(T[] items) => _items = items;

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    /// <summary>Wraps an array without copying; the caller must not change it afterwards.</summary>
    internal static ValueList<T> Own(T[] items) => items.Length == 0 ? Empty : new ValueList<T>(items);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items)}]";
}

/// <summary>Factory for <see cref="ValueList{T}"/> so call sites can write <c>ValueList.Of(a, b)</c>.</summary>
public static class ValueList
{
    public static ValueList<T> Of<T>(params T[] items) => new(items);

    /// <summary>Builder for collection expressions: <c>ValueList&lt;Melder&gt; m = [a, b];</c>.</summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => ValueList<T>.Own(items.ToArray());
}
