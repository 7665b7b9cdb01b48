using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace Sanitas.Synthesis;

/// <summary>
/// A dense table of numbers over a set of attributes (sorted ascending), row-major with the last
/// attribute fastest: the potentials, beliefs and marginals of the graphical model. Operations
/// broadcast by attribute, as numpy's in Private-PGM's <c>Factor</c>; contiguous cases (the kept
/// attributes lead or trail) run on spans with <see cref="TensorPrimitives"/>, the rest through a
/// cached cell-index map.
/// </summary>
internal sealed class Factor
{
    private static readonly ConcurrentDictionary<MapKey, int[]> Maps = new();

    public Factor(int[] attributes, int[] shape, double[] values)
    {
        Attributes = attributes;
        Shape = shape;
        Values = values;
    }

    public int[] Attributes { get; }

    public int[] Shape { get; }

    public double[] Values { get; }

    public int Size => Values.Length;

    public static Factor Filled(int[] attributes, int[] sizes, double value)
    {
        var shape = ShapeOf(attributes, sizes);
        var values = new double[Product(shape)];
        Array.Fill(values, value);
        return new Factor(attributes, shape, values);
    }

    public static int[] ShapeOf(int[] attributes, int[] sizes) => [.. attributes.Select(a => sizes[a])];

    public static int Product(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (var s in shape)
        {
            size *= s;
        }
        return size > int.MaxValue / 2 ? throw new InvalidOperationException($"A factor of {size:N0} cells is too large.") : (int)size;
    }

    public static long CellCount(IEnumerable<int> attributes, int[] sizes)
    {
        long size = 1;
        foreach (var a in attributes)
        {
            size *= sizes[a];
        }
        return size;
    }

    public static int[] Union(int[] a, int[] b) => [.. a.Union(b).Order()];

    public Factor Copy() => new(Attributes, Shape, (double[])Values.Clone());

    /// <summary>This factor broadcast over a superset of its attributes.</summary>
    public Factor Expand(int[] attributes, int[] sizes)
    {
        if (attributes.AsSpan().SequenceEqual(Attributes))
        {
            return this;
        }
        var shape = ShapeOf(attributes, sizes);
        var result = new double[Product(shape)];
        var k = Attributes.Length;
        if (k == 0)
        {
            Array.Fill(result, Values[0]);
        }
        else if (attributes.AsSpan(0, k).SequenceEqual(Attributes))
        {
            var block = result.Length / Size;
            for (var i = 0; i < Size; i++)
            {
                result.AsSpan(i * block, block).Fill(Values[i]);
            }
        }
        else if (attributes.AsSpan(attributes.Length - k).SequenceEqual(Attributes))
        {
            for (var offset = 0; offset < result.Length; offset += Size)
            {
                Values.CopyTo(result, offset);
            }
        }
        else
        {
            var map = IndexMap(attributes, shape, Attributes, Shape);
            for (var t = 0; t < result.Length; t++)
            {
                result[t] = Values[map[t]];
            }
        }
        return new Factor(attributes, shape, result);
    }

    /// <summary>Sums out every attribute not in <paramref name="keep"/> (a subset, sorted).</summary>
    public Factor Sum(int[] keep)
    {
        if (keep.AsSpan().SequenceEqual(Attributes))
        {
            return this;
        }
        var shape = KeptShape(keep);
        var result = new double[Product(shape)];
        var k = keep.Length;
        if (k == 0)
        {
            result[0] = TensorPrimitives.Sum<double>(Values);
        }
        else if (Attributes.AsSpan(0, k).SequenceEqual(keep))
        {
            var block = Size / result.Length;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = TensorPrimitives.Sum<double>(Values.AsSpan(i * block, block));
            }
        }
        else if (Attributes.AsSpan(Attributes.Length - k).SequenceEqual(keep))
        {
            for (var offset = 0; offset < Size; offset += result.Length)
            {
                TensorPrimitives.Add(result, Values.AsSpan(offset, result.Length), result);
            }
        }
        else
        {
            var map = IndexMap(Attributes, Shape, keep, shape);
            for (var t = 0; t < Size; t++)
            {
                result[map[t]] += Values[t];
            }
        }
        return new Factor(keep, shape, result);
    }

    /// <summary>log Σ exp over every attribute not in <paramref name="keep"/>, stable per output cell.</summary>
    public Factor LogSumExp(int[] keep)
    {
        var shape = KeptShape(keep);
        var result = new double[Product(shape)];
        var k = keep.Length;
        if (k == 0 || Attributes.AsSpan(0, k).SequenceEqual(keep))
        {
            var block = Size / result.Length;
            var scratch = new double[block];
            for (var i = 0; i < result.Length; i++)
            {
                var slice = Values.AsSpan(i * block, block);
                var max = TensorPrimitives.Max<double>(slice);
                if (double.IsNegativeInfinity(max))
                {
                    result[i] = double.NegativeInfinity;
                    continue;
                }
                TensorPrimitives.Subtract(slice, max, scratch);
                TensorPrimitives.Exp(scratch, scratch);
                result[i] = max + Math.Log(TensorPrimitives.Sum<double>(scratch));
            }
            return new Factor(keep, shape, result);
        }
        var map = IndexMap(Attributes, Shape, keep, shape);
        var maxima = new double[result.Length];
        Array.Fill(maxima, double.NegativeInfinity);
        for (var t = 0; t < Size; t++)
        {
            var j = map[t];
            if (Values[t] > maxima[j])
            {
                maxima[j] = Values[t];
            }
        }
        for (var t = 0; t < Size; t++)
        {
            var m = maxima[map[t]];
            result[map[t]] += double.IsNegativeInfinity(m) ? 0 : Math.Exp(Values[t] - m);
        }
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = double.IsNegativeInfinity(maxima[j]) ? double.NegativeInfinity : maxima[j] + Math.Log(result[j]);
        }
        return new Factor(keep, shape, result);
    }

    /// <summary>The sum of two factors over the union of their attributes.</summary>
    public static Factor Add(Factor a, Factor b, int[] sizes) => Combine(a, b, sizes, subtract: false);

    /// <summary>The difference of two factors over the union of their attributes.</summary>
    public static Factor Subtract(Factor a, Factor b, int[] sizes) => Combine(a, b, sizes, subtract: true);

    /// <summary>Adds <paramref name="other"/> (over a subset of this factor's attributes) into this factor in place.</summary>
    public void AddInPlace(Factor other, int[] sizes, double scale = 1)
    {
        var expanded = other.Expand(Attributes, sizes);
        if (scale == 1)
        {
            TensorPrimitives.Add(Values, expanded.Values, Values);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(expanded.Values, scale, Values, Values);
        }
    }

    /// <summary>log Σ exp of every cell.</summary>
    public double LogSumExpAll() => LogSumExp([]).Values[0];

    private static Factor Combine(Factor a, Factor b, int[] sizes, bool subtract)
    {
        var attributes = Union(a.Attributes, b.Attributes);
        var x = a.Expand(attributes, sizes);
        var y = b.Expand(attributes, sizes);
        var result = new double[x.Size];
        if (subtract)
        {
            TensorPrimitives.Subtract(x.Values, y.Values, result);
        }
        else
        {
            TensorPrimitives.Add(x.Values, y.Values, result);
        }
        return new Factor(attributes, x.Shape, result);
    }

    private int[] KeptShape(int[] keep)
    {
        var shape = new int[keep.Length];
        for (var i = 0; i < keep.Length; i++)
        {
            var j = Array.IndexOf(Attributes, keep[i]);
            shape[i] = j >= 0 ? Shape[j] : throw new ArgumentException($"Attribute {keep[i]} is not in the factor.", nameof(keep));
        }
        return shape;
    }

    /// <summary>For each cell of the (target attributes, shape) table, the cell of its projection onto a subset.</summary>
    internal static int[] IndexMap(int[] target, int[] targetShape, int[] subset, int[] subsetShape)
    {
        var key = new MapKey(target, targetShape, subset);
        if (Maps.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var subsetStrides = new int[subset.Length];
        for (int i = subset.Length - 1, s = 1; i >= 0; i--)
        {
            subsetStrides[i] = s;
            s *= subsetShape[i];
        }
        var strides = new int[target.Length];
        for (var j = 0; j < target.Length; j++)
        {
            var i = Array.IndexOf(subset, target[j]);
            strides[j] = i >= 0 ? subsetStrides[i] : 0;
        }
        var n = Product(targetShape);
        var map = new int[n];
        var counter = new int[target.Length];
        var current = 0;
        for (var t = 0; t < n; t++)
        {
            map[t] = current;
            for (var j = target.Length - 1; j >= 0; j--)
            {
                counter[j]++;
                current += strides[j];
                if (counter[j] < targetShape[j])
                {
                    break;
                }
                current -= strides[j] * targetShape[j];
                counter[j] = 0;
            }
        }
        if (Maps.Count > 4096)
        {
            Maps.Clear();
        }
        Maps[new MapKey((int[])target.Clone(), (int[])targetShape.Clone(), (int[])subset.Clone())] = map;
        return map;
    }

    /// <summary>A cell-map cache key compared by the arrays' contents (no string building per lookup).</summary>
    private sealed class MapKey : IEquatable<MapKey>
    {
        private readonly int[] _target;
        private readonly int[] _shape;
        private readonly int[] _subset;
        private readonly int _hash;

        public MapKey(int[] target, int[] shape, int[] subset)
        {
            _target = target;
            _shape = shape;
            _subset = subset;
            var hash = new HashCode();
            foreach (var part in (ReadOnlySpan<int[]>)[target, shape, subset])
            {
                hash.Add(part.Length);
                foreach (var v in part)
                {
                    hash.Add(v);
                }
            }
            _hash = hash.ToHashCode();
        }

        public bool Equals(MapKey? other) => other is not null && _hash == other._hash && _target.AsSpan().SequenceEqual(other._target)
            && _shape.AsSpan().SequenceEqual(other._shape) && _subset.AsSpan().SequenceEqual(other._subset);

        public override bool Equals(object? obj) => Equals(obj as MapKey);

        public override int GetHashCode() => _hash;
    }
}
