namespace Sanitas.Query;

/// <summary>Builds <see cref="NodeList{T}"/> values; lets collection expressions (<c>[a, b]</c>) create them.</summary>
internal static class NodeList
{
    /// <summary>A list holding a copy of <paramref name="items"/>.</summary>
    public static NodeList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
