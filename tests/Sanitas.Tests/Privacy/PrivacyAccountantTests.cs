using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class PrivacyAccountantTests
{
    [Fact]
    public void Charges_until_the_budget_is_spent_then_refuses_before_release()
    {
        var accountant = new PrivacyAccountant(new PureDp(1));
        accountant.Charge(new PureDp(0.5));
        Assert.True(accountant.TryCharge(new PureDp(0.25)));
        Assert.False(accountant.TryCharge(new PureDp(0.5)));
        var error = Assert.Throws<BudgetExceededException>(() => accountant.Charge(new PureDp(0.5)));
        Assert.Equal(new PureDp(0.5), error.Requested);
        Assert.Equal(new PureDp(0.25), error.Remaining);
        Assert.Contains("requested ε = 0.5", error.Message);
        Assert.Contains("only ε = 0.25 remains", error.Message);
        Assert.Equal(new PureDp(0.75), accountant.Spent);
        accountant.Charge(new PureDp(0.25));
        Assert.Equal(new PureDp(0), accountant.Remaining);
    }

    [Fact]
    public void Zero_concentrated_budget_takes_pure_costs_as_half_epsilon_squared()
    {
        var accountant = new PrivacyAccountant(new ZeroConcentratedDp(1));
        accountant.Charge(new PureDp(1));
        accountant.Charge(new ZeroConcentratedDp(0.25));
        Assert.Equal(new ZeroConcentratedDp(0.75), accountant.Spent);
        Assert.Throws<ArgumentException>(() => accountant.Charge(new ApproximateDp(0.1, 1e-9)));
    }

    [Fact]
    public void Approximate_budget_checks_epsilon_and_delta()
    {
        var accountant = new PrivacyAccountant(new ApproximateDp(1, 1e-6));
        accountant.Charge(new PureDp(0.5));
        Assert.False(accountant.TryCharge(new ApproximateDp(0.1, 2e-6)));
        Assert.True(accountant.TryCharge(new ApproximateDp(0.1, 1e-6)));
        Assert.Throws<ArgumentException>(() => accountant.Charge(new ZeroConcentratedDp(0.01)));
        Assert.Throws<ArgumentException>(() => new PrivacyAccountant(new PureDp(1)).Charge(new ApproximateDp(0.1, 0)));
    }

    [Fact]
    public void Concurrent_charges_never_overspend()
    {
        var accountant = new PrivacyAccountant(new PureDp(10));
        var granted = 0;
        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (accountant.TryCharge(new PureDp(0.125)))
            {
                Interlocked.Increment(ref granted);
            }
        });
        Assert.Equal(80, granted);
        Assert.Equal(new PureDp(10), accountant.Spent);
        Assert.False(accountant.TryCharge(new PureDp(1e-12)));
    }
}
