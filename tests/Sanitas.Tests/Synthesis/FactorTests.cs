using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class FactorTests
{
    private static readonly int[] Sizes = [2, 3, 4, 2];

    private static Factor Random(int[] attributes, int seed)
    {
        var random = new Random(seed);
        var f = Factor.Filled(attributes, Sizes, 0);
        for (var i = 0; i < f.Size; i++)
        {
            f.Values[i] = random.NextDouble() * 4;
        }
        return f;
    }

    /// <summary>The value of a factor at a full assignment, by explicit row-major indexing.</summary>
    private static double At(Factor f, int[] assignment)
    {
        var index = 0;
        for (var j = 0; j < f.Attributes.Length; j++)
        {
            index = (index * f.Shape[j]) + assignment[f.Attributes[j]];
        }
        return f.Values[index];
    }

    private static IEnumerable<int[]> Assignments()
    {
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                for (var c = 0; c < 4; c++)
                {
                    for (var d = 0; d < 2; d++)
                    {
                        yield return [a, b, c, d];
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 0, 1 })]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 1, 3 })]
    [InlineData(new[] { 0, 2, 3 }, new[] { 2 })]
    [InlineData(new[] { 1, 2 }, new int[0])]
    public void Sum_and_log_sum_exp_agree_with_brute_force(int[] attributes, int[] keep)
    {
        var f = Random(attributes, 3);
        var sum = f.Sum(keep);
        var lse = f.LogSumExp(keep);
        var expected = new Dictionary<string, (double Sum, double Exp)>();
        var seen = new HashSet<string>();
        foreach (var x in Assignments())
        {
            var full = string.Join(',', attributes.Select(a => x[a]));
            if (!seen.Add(full))
            {
                continue;
            }
            var key = string.Join(',', keep.Select(a => x[a]));
            var v = At(f, x);
            var (s, e) = expected.GetValueOrDefault(key);
            expected[key] = (s + v, e + Math.Exp(v));
        }
        foreach (var x in Assignments())
        {
            var key = string.Join(',', keep.Select(a => x[a]));
            Assert.Equal(expected[key].Sum, At(sum, x), 9);
            Assert.Equal(Math.Log(expected[key].Exp), At(lse, x), 9);
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 1, 3 })]
    [InlineData(new int[0])]
    public void Expand_and_add_broadcast_by_attribute(int[] attributes)
    {
        var f = Random(attributes, 5);
        var g = Random([1, 2], 6);
        var expanded = f.Expand([0, 1, 2, 3], Sizes);
        var added = Factor.Add(f, g, Sizes);
        foreach (var x in Assignments())
        {
            Assert.Equal(At(f, x), At(expanded, x));
            Assert.Equal(At(f, x) + At(g, x), At(added, x), 12);
        }
    }
}
