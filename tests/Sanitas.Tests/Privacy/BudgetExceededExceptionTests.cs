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

    [Fact]
    public void Is_the_ledgers_exception_so_one_catch_handles_both()
    {
        var error = new BudgetExceededException(new ApproximateDp(0.5, 1e-6), new ApproximateDp(0.25, 0), new ApproximateDp(1, 1e-5));
        var ledgers = Assert.IsAssignableFrom<PrivacyBudgetExceededException>(error);
        Assert.Equal(0.5, ledgers.EpsilonRequested);
        Assert.Equal(1e-6, ledgers.DeltaRequested);
        Assert.StartsWith("Privacy budget exceeded: requested (ε = 0.5, δ = 1E-06)", ledgers.Message);
        Assert.Equal(new ApproximateDp(1, 1e-5), error.Budget);
        Assert.IsAssignableFrom<InvalidOperationException>(new PrivacyBudgetExceededException("refused"));
    }
}
