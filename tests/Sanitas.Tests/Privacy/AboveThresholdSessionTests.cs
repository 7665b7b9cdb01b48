using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class AboveThresholdSessionTests
{
    [Fact]
    public void Counts_queries_and_refuses_unbounded_values()
    {
        var session = new AboveThreshold(sensitivity: 1, epsilon: 1, threshold: 100).Start(new SeededRandomForTests(120));
        Assert.False(session.IsHalted);
        Assert.False(session.Query(-100));
        Assert.Equal(1, session.QueriesAnswered);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Query(double.PositiveInfinity));
        Assert.Equal(1, session.QueriesAnswered);
    }
}
