using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class DiscreteLaplaceMechanismTests
{
    [Fact]
    public void Cost_is_epsilon_and_scales_with_sensitivity()
    {
        var mechanism = new DiscreteLaplaceMechanism(sensitivity: 2, epsilon: 0.5);
        Assert.Equal(4, mechanism.Scale);
        Assert.Equal(new PureDp(0.5), mechanism.Cost);
        Assert.Equal(new PureDp(1), mechanism.Map(4));
        Assert.True(mechanism.Check(2, new PureDp(0.5)));
        Assert.False(mechanism.Check(3, new PureDp(0.5)));
    }

    [Fact]
    public void Confidence_interval_is_the_exact_discrete_tail()
    {
        var mechanism = new DiscreteLaplaceMechanism(sensitivity: 1, epsilon: 0.5);
        var m = mechanism.ConfidenceHalfWidth();
        var q = Math.Exp(-1 / mechanism.Scale);
        double Tail(long k) => 2 * Math.Pow(q, k + 1) / (1 + q); // P(|Y| > k)
        Assert.True(Tail(m) <= 0.05);
        Assert.True(Tail(m - 1) > 0.05);
    }

    [Fact]
    public void Release_is_centred_on_the_value()
    {
        var mechanism = new DiscreteLaplaceMechanism(sensitivity: 1, epsilon: 1);
        var random = new SeededRandomForTests(50);
        const int draws = 20_000;
        double sum = 0;
        for (var i = 0; i < draws; i++)
        {
            sum += mechanism.Release(1_000, random);
        }
        var q = Math.Exp(-1.0);
        var sd = Math.Sqrt(2 * q / ((1 - q) * (1 - q)) / draws);
        Assert.InRange((sum / draws) - 1_000, -5 * sd, 5 * sd);
    }

    [Fact]
    public void Overflow_is_an_error_not_a_wrap()
    {
        var mechanism = new DiscreteLaplaceMechanism(sensitivity: 1_000_000, epsilon: 0.001);
        var random = new SeededRandomForTests(51);
        Assert.Throws<OverflowException>(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                mechanism.Release(long.MaxValue, random);
            }
        });
    }

    [Fact]
    public void Docs_example_noisy_patient_count()
    {
        long trueCount = 1_284;
        var accountant = new PrivacyAccountant(new PureDp(1.0));
        var mechanism = new DiscreteLaplaceMechanism(sensitivity: 1, epsilon: 0.5);

        accountant.Charge(mechanism.Cost);
        var noisy = mechanism.Release(trueCount, SecureRandom.Instance);
        var halfWidth = mechanism.ConfidenceHalfWidth(0.05);

        Assert.Equal(6, halfWidth); // least m with 2q^(m+1)/(1+q) <= 0.05, q = e^-0.5
        Assert.InRange(noisy, trueCount - 60, trueCount + 60);
        accountant.Charge(mechanism.Cost);
        var error = Assert.Throws<BudgetExceededException>(() => accountant.Charge(mechanism.Cost));
        Assert.Equal("Privacy budget exceeded: requested ε = 0.5 but only ε = 0 remains of the budget ε = 1. Nothing was charged or released.", error.Message);
    }
}
