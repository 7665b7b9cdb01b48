using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class BudgetExceededExceptionTests
{
    [Fact]
    public void Names_requested_remaining_and_budget()
    {
        var error = new BudgetExceededException(new ZeroConcentratedDp(0.5), new ZeroConcentratedDp(0.25), new ZeroConcentratedDp(1));
        Assert.Equal("Privacy budget exceeded: requested ρ = 0.5 but only ρ = 0.25 remains of the budget ρ = 1. Nothing was charged or released.", error.Message);
        Assert.Equal(new ZeroConcentratedDp(0.25), error.Remaining);
        Assert.IsAssignableFrom<InvalidOperationException>(error);
    }
}
