namespace Sanitas.Privacy.Renyi;

/// <summary>
/// Rényi differential privacy of the sampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019,
/// "Rényi Differential Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530): each record is
/// included independently with probability q (Poisson sampling), the sum of the included
/// contributions (each of L2 norm at most C) gets N(0, σ²C²) noise. Its RDP of order α is
/// ε(α) = log(A_α)/(α − 1) with A_α = E_{z∼μ₀}[(μ(z)/μ₀(z))^α], μ = (1 − q)μ₀ + qμ₁.
/// </summary>
/// <remarks>
/// Integer α: the binomial expansion A_α = Σᵢ C(α, i)(1 − q)^{α−i} qⁱ exp((i² − i)/(2σ²))
/// (Section 3.3), summed in log space. Fractional α: the two convergent series of Section 3.4,
/// split at z₀ = σ² log(1/q − 1) + 1/2 and stopped once both terms fall below e^{−30}, as in
/// TensorFlow Privacy's and Opacus's <c>rdp_analysis</c>; these are the same numbers those libraries
/// report. q = 1 is the plain Gaussian mechanism, α/(2σ²); q = 0 costs nothing.
/// </remarks>
public static class SampledGaussianRdp
{
    /// <summary>The RDP ε(α) of one step of the sampled Gaussian mechanism.</summary>
    /// <param name="samplingRate">q in [0, 1].</param>
    /// <param name="noiseMultiplier">σ: the noise standard deviation over the L2 sensitivity; positive.</param>
    /// <param name="order">α &gt; 1.</param>
    /// <returns>ε(α) ≥ 0, possibly +∞.</returns>
    public static double Epsilon(double samplingRate, double noiseMultiplier, double order)
    {
        CheckArguments(samplingRate, noiseMultiplier);
        if (!(order > 1) || double.IsNaN(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The Rényi order α must be greater than 1.");
        }
        if (samplingRate == 0)
        {
            return 0;
        }
        if (samplingRate == 1)
        {
            return order / (2 * noiseMultiplier * noiseMultiplier);
        }
        if (double.IsPositiveInfinity(order))
        {
            return double.PositiveInfinity;
        }
        var logA = order == Math.Floor(order) && order <= int.MaxValue
            ? LogAForIntegerOrder(samplingRate, noiseMultiplier, (int)order)
            : LogAForFractionalOrder(samplingRate, noiseMultiplier, order);
        return Math.Max(0, logA / (order - 1));
    }

    /// <summary>The RDP curve of <paramref name="steps"/> steps (composition adds ε(α) at each α).</summary>
    /// <param name="samplingRate">q in [0, 1].</param>
    /// <param name="noiseMultiplier">σ; positive.</param>
    /// <param name="steps">The number of steps; at least 0.</param>
    /// <param name="orders">The orders α to track; see <see cref="RenyiOrders"/>.</param>
    /// <returns>The curve.</returns>
    public static RenyiDp Compute(double samplingRate, double noiseMultiplier, long steps, IReadOnlyList<double> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var epsilons = new double[orders.Count];
        for (var i = 0; i < epsilons.Length; i++)
        {
            epsilons[i] = Epsilon(samplingRate, noiseMultiplier, orders[i]) * steps;
        }
        return new RenyiDp(orders, epsilons);
    }

    internal static void CheckArguments(double samplingRate, double noiseMultiplier)
    {
        if (!(samplingRate >= 0 && samplingRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate q must be in [0, 1].");
        }
        if (!(noiseMultiplier > 0) || !double.IsFinite(noiseMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier σ must be finite and positive.");
        }
    }

    private static double LogAForIntegerOrder(double q, double sigma, int alpha)
    {
        var logA = double.NegativeInfinity;
        double logQ = Math.Log(q), log1MinusQ = LogSpace.Log1P(-q), twoSigmaSquared = 2 * sigma * sigma;
        var logBinomial = 0.0; // log C(α, 0)
        for (var i = 0; i <= alpha; i++)
        {
            if (i > 0)
            {
                logBinomial += Math.Log((double)(alpha - i + 1) / i);
            }
            var term = logBinomial + (i * logQ) + ((alpha - i) * log1MinusQ) + (((double)i * i) - i) / twoSigmaSquared;
            logA = LogSpace.Add(logA, term);
        }
        return logA;
    }

    private static double LogAForFractionalOrder(double q, double sigma, double alpha)
    {
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double logQ = Math.Log(q), log1MinusQ = LogSpace.Log1P(-q), twoSigmaSquared = 2 * sigma * sigma;
        var z0 = (sigma * sigma * Math.Log((1 / q) - 1)) + 0.5;
        var sqrt2Sigma = Math.Sqrt(2) * sigma;
        var logHalf = Math.Log(0.5);
        // C(α, i) for real α by the recurrence C(α, i) = C(α, i − 1)(α − i + 1)/i, kept as sign and log.
        var logAbsBinomial = 0.0;
        var positive = true;
        for (var i = 0; i < 1_000_000; i++)
        {
            if (i > 0)
            {
                var factor = (alpha - i + 1) / i;
                logAbsBinomial += Math.Log(Math.Abs(factor));
                positive ^= factor < 0;
            }
            var j = alpha - i;
            var logT0 = logAbsBinomial + (i * logQ) + (j * log1MinusQ);
            var logT1 = logAbsBinomial + (j * logQ) + (i * log1MinusQ);
            var logE0 = logHalf + LogSpace.Erfc((i - z0) / sqrt2Sigma);
            var logE1 = logHalf + LogSpace.Erfc((z0 - j) / sqrt2Sigma);
            var logS0 = logT0 + ((((double)i * i) - i) / twoSigmaSquared) + logE0;
            var logS1 = logT1 + (((j * j) - j) / twoSigmaSquared) + logE1;
            if (positive)
            {
                logA0 = LogSpace.Add(logA0, logS0);
                logA1 = LogSpace.Add(logA1, logS1);
            }
            else
            {
                logA0 = LogSpace.Subtract(logA0, logS0);
                logA1 = LogSpace.Subtract(logA1, logS1);
            }
            if (Math.Max(logS0, logS1) < -30)
            {
                return LogSpace.Add(logA0, logA1);
            }
        }
        throw new ArithmeticException($"The RDP series for q = {q}, σ = {sigma}, α = {alpha} did not converge.");
    }
}
