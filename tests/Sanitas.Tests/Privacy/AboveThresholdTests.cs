using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class AboveThresholdTests
{
    [Fact]
    public void Halts_after_the_first_above_threshold_answer()
    {
        var mechanism = new AboveThreshold(sensitivity: 1, epsilon: 1, threshold: 0);
        Assert.Equal(new PureDp(1), mechanism.Cost);
        var session = mechanism.Start(new SeededRandomForTests(100));
        for (var i = 0; i < 5; i++)
        {
            Assert.False(session.Query(-200));
        }
        Assert.True(session.Query(200));
        Assert.True(session.IsHalted);
        Assert.Equal(6, session.QueriesAnswered);
        var error = Assert.Throws<InvalidOperationException>(() => session.Query(-200));
        Assert.Contains("halted after 6 queries", error.Message);
    }

    [Fact]
    public void A_query_at_the_threshold_is_above_about_half_the_time()
    {
        // Noisy value − noisy threshold is symmetric around 0 (ties count as above).
        var mechanism = new AboveThreshold(sensitivity: 1, epsilon: 1, threshold: 5);
        var random = new SeededRandomForTests(101);
        const int runs = 10_000;
        var above = 0;
        for (var i = 0; i < runs; i++)
        {
            above += mechanism.Start(random).Query(5) ? 1 : 0;
        }
        Assert.InRange((double)above / runs, 0.48, 0.52);
    }
}
