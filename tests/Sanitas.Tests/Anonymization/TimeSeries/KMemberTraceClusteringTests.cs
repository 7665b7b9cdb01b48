using Sanitas.Anonymization.TimeSeries;
using Sanitas.Data;

namespace Sanitas.Tests.Anonymization.TimeSeries;

public sealed class KMemberTraceClusteringTests
{
    // 53 traces of 24 points: four shapes (level and slope) plus noise, fixed seed (not a release).
    private static double[][] Traces(int n = 53, int length = 24)
    {
        var random = new Random(5);
        return [.. Enumerable.Range(0, n).Select(p => Enumerable.Range(0, length).Select(j => 30 + (p % 4) + (0.1 * (p % 3) * j) + random.NextDouble()).ToArray())];
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 1)]
    [InlineData(7, 4)]
    public void Every_group_has_at_least_k_persons_and_everyone_is_in_exactly_one(int k, int window)
    {
        var originals = Traces();
        var windowed = originals.Select(t => SeriesWindows.Means(t, window)).ToArray();

        var (released, suppressed) = KMemberTraceClustering.Cluster(windowed, originals, window, k, null);

        Assert.Empty(suppressed);
        Assert.All(released, g => Assert.True(g.Members.Length >= k, $"a group of {g.Members.Length} < k = {k}"));
        Assert.Equal(Enumerable.Range(0, originals.Length), released.SelectMany(g => g.Members).Order());
        Assert.Equal(originals.Length / k, released.Count);
    }

    [Fact]
    public void Released_traces_are_the_members_means_and_no_member_is_further_than_the_reported_distortion()
    {
        var originals = Traces();
        var windowed = originals.Select(t => SeriesWindows.Means(t, 3)).ToArray();

        var (released, _) = KMemberTraceClustering.Cluster(windowed, originals, 3, 5, null);

        foreach (var group in released)
        {
            for (var w = 0; w < group.Centroid.Length; w++)
            {
                Assert.Equal(group.Members.Average(m => windowed[m][w]), group.Centroid[w], 9);
            }
            var worst = group.Members.Max(m => Math.Sqrt(originals[m].Select((v, j) => Math.Pow(v - group.Centroid[j / 3], 2)).Average()));
            Assert.Equal(worst, group.Distortion, 9);
        }
    }

    [Fact]
    public void With_a_distortion_limit_every_released_group_is_within_it_and_the_rest_are_suppressed()
    {
        var originals = Traces();
        var (all, _) = KMemberTraceClustering.Cluster(originals, originals, 1, 5, null);
        var limit = all.Select(g => g.Distortion).Order().ElementAt(all.Count / 2);

        var (released, suppressed) = KMemberTraceClustering.Cluster(originals, originals, 1, 5, limit);

        Assert.NotEmpty(released);
        Assert.NotEmpty(suppressed);
        Assert.All(released, g => Assert.True(g.Distortion <= limit));
        Assert.All(suppressed, g => Assert.True(g.Distortion > limit));
        Assert.Equal(originals.Length, released.Concat(suppressed).Sum(g => g.Members.Length));
    }
}
