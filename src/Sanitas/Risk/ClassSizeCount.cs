namespace Sanitas.Risk;

/// <summary>One bar of the class-size histogram: how many equivalence classes have a given size.</summary>
/// <param name="Size">The class size.</param>
/// <param name="Classes">The number of classes of that size.</param>
public readonly record struct ClassSizeCount(int Size, int Classes);
