using System.Numerics;
using MathNet.Numerics;

namespace Sanitas.Anonymization;

/// <summary>
/// The sampling probability β and the class-size threshold k that make "sample each record with
/// probability β, generalize, suppress every class under k" (ε_anon, δ)-differentially private.
/// </summary>
/// <remarks>
/// Li, Qardaji &amp; Su 2012 ("On sampling, anonymization, and differential privacy", ASIACCS,
/// Theorem 5), as SafePub (Bild, Kuhn &amp; Prasser 2018, Section 3) uses it: with
/// β = 1 − e^(−ε) and γ = (e^ε − 1 + β)/e^ε, the mechanism is (ε, δ(k))-DP for
/// δ(k) = max over n ≥ n_m of Σ_{j &gt; γn}^{n} Binomial(j; n, β), n_m = ⌈k/γ − 1⌉. The maximum is
/// found by walking n upwards until the Chernoff bound c_n = exp(−n (γ ln(γ/β) − (γ − β))), which
/// bounds every later term, falls below the largest term seen (as ARX's ParameterCalculation does).
/// k is the least value with δ(k) ≤ δ. ARX's loop returns one more than that least k (its counter is
/// incremented once after the test); Sanitas returns the least k, which the guarantee allows.
/// β is rounded down to a multiple of 2⁻³² so that the sampler draws it exactly; δ is computed for
/// the rounded β, and a smaller β only strengthens the guarantee for the same ε.
/// </remarks>
public sealed record SafePubParameters
{
    private const int MaxK = 1_000_000;
    private static readonly BigInteger BetaDenominator = BigInteger.One << 32;

    private SafePubParameters(double epsilon, double delta, BigInteger betaNumerator, int k, double achievedDelta)
    {
        Epsilon = epsilon;
        Delta = delta;
        BetaNumerator = betaNumerator;
        K = k;
        AchievedDelta = achievedDelta;
    }

    /// <summary>ε_anon, the privacy of the sampling-and-suppression step.</summary>
    public double Epsilon { get; }

    /// <summary>The δ asked for.</summary>
    public double Delta { get; }

    /// <summary>β, the sampling probability: 1 − e^(−ε) rounded down to a multiple of 2⁻³².</summary>
    public double Beta => (double)BetaNumerator / (double)BetaDenominator;

    /// <summary>β's numerator over 2³².</summary>
    internal BigInteger BetaNumerator { get; }

    /// <summary>β's denominator, 2³².</summary>
    internal static BigInteger BetaScale => BetaDenominator;

    /// <summary>k, the least class size released.</summary>
    public int K { get; }

    /// <summary>δ(k) ≤ <see cref="Delta"/>, the δ the chosen k actually gives.</summary>
    public double AchievedDelta { get; }

    /// <summary>Derives β and k from (ε_anon, δ).</summary>
    /// <param name="epsilon">ε_anon, positive.</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <exception cref="ArgumentException">ε or δ is out of range, or no k up to a million reaches δ.</exception>
    public static SafePubParameters Derive(double epsilon, double delta)
    {
        if (!(double.IsFinite(epsilon) && epsilon > 0))
        {
            throw InvalidOptionException.Of("epsilon", $"ε_anon must be positive, got {epsilon}.");
        }
        if (!(delta > 0 && delta < 1))
        {
            throw InvalidOptionException.Of("delta", $"δ must be in (0, 1), got {delta}.");
        }
        var numerator = new BigInteger(Math.Floor(-double.ExpM1(-epsilon) * (double)BetaDenominator));
        if (numerator.IsZero)
        {
            throw InvalidOptionException.Of("epsilon", $"ε_anon = {epsilon} is too small: the sampling probability 1 − e^(−ε) rounds to 0.");
        }
        var beta = (double)numerator / (double)BetaDenominator;
        var calculator = new DeltaCalculator(epsilon, beta);
        // δ(k) decreases in k: search for the least k by doubling, then bisection.
        var high = 1;
        while (calculator.Delta(high) > delta)
        {
            if (high >= MaxK)
            {
                throw InvalidOptionException.Of("delta", $"No k up to {MaxK:N0} reaches δ = {delta} at ε_anon = {epsilon}; raise ε or δ.");
            }
            high = Math.Min(MaxK, high * 2);
        }
        var low = high / 2;
        while (high - low > 1)
        {
            var mid = (low + high) / 2;
            if (calculator.Delta(mid) <= delta)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }
        if (low >= 1 && calculator.Delta(low) <= delta)
        {
            high = low;
        }
        return new SafePubParameters(epsilon, delta, numerator, high, calculator.Delta(high));
    }

    /// <summary>δ(k) for a given ε and β (Li, Qardaji &amp; Su 2012, Theorem 5).</summary>
    /// <param name="k">The class-size threshold, at least 1.</param>
    /// <param name="epsilon">ε, positive.</param>
    /// <param name="beta">β in (0, 1 − e^(−ε)].</param>
    /// <returns>δ(k).</returns>
    public static double DeltaOf(int k, double epsilon, double beta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return new DeltaCalculator(epsilon, beta).Delta(k);
    }

    private sealed class DeltaCalculator(double epsilon, double beta)
    {
        private readonly double _gamma = (Math.Exp(epsilon) - 1 + beta) / Math.Exp(epsilon);
        private readonly Dictionary<int, double> _tails = [];

        public double Delta(int k)
        {
            var gamma = _gamma;
            var start = Math.Max(1, (int)Math.Ceiling(k / gamma - 1));
            var divergence = gamma * Math.Log(gamma / beta) - (gamma - beta);
            var delta = 0.0;
            for (var n = start; ; n++)
            {
                delta = Math.Max(delta, Tail(n));
                var bound = Math.Exp(-n * divergence);
                if (delta >= bound || n - start > 50_000_000)
                {
                    return delta;
                }
            }
        }

        /// <summary>a_n = P(Binomial(n, β) &gt; γn), summed in log space.</summary>
        private double Tail(int n)
        {
            if (_tails.TryGetValue(n, out var cached))
            {
                return cached;
            }
            var from = (int)Math.Floor(n * _gamma) + 1;
            if (from > n)
            {
                return _tails[n] = 0;
            }
            var logBeta = Math.Log(beta);
            var logRest = double.LogP1(-beta);
            var logN = SpecialFunctions.GammaLn(n + 1);
            var max = double.NegativeInfinity;
            var terms = new double[n - from + 1];
            for (var j = from; j <= n; j++)
            {
                var t = logN - SpecialFunctions.GammaLn(j + 1) - SpecialFunctions.GammaLn(n - j + 1) + j * logBeta + (n - j) * logRest;
                terms[j - from] = t;
                max = Math.Max(max, t);
            }
            double sum = 0;
            foreach (var t in terms)
            {
                sum += Math.Exp(t - max);
            }
            return _tails[n] = Math.Exp(max) * sum;
        }
    }
}
