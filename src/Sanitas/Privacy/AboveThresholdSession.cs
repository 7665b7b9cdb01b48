using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// One run of <see cref="AboveThreshold"/>: answers queries until the first "above", then refuses
/// further queries (answering more would cost more than ε). Thread-safe.
/// </summary>
public sealed class AboveThresholdSession
{
    private readonly object _gate = new();
    private readonly BigInteger _noisyThreshold;
    private readonly Rational _queryScale;
    private readonly int _gridExponent;
    private readonly IRandomBits _random;

    internal AboveThresholdSession(BigInteger noisyThreshold, Rational queryScale, int gridExponent, IRandomBits random)
    {
        _noisyThreshold = noisyThreshold;
        _queryScale = queryScale;
        _gridExponent = gridExponent;
        _random = random;
    }

    /// <summary>True once a query has been answered "above".</summary>
    public bool IsHalted { get; private set; }

    /// <summary>The number of queries answered so far.</summary>
    public int QueriesAnswered { get; private set; }

    /// <summary>Answers whether the noisy query value reaches the noisy threshold.</summary>
    /// <param name="value">The true value of the next query (sensitivity at most Δ).</param>
    /// <returns>True ("above", and the session halts) or false ("below").</returns>
    /// <exception cref="InvalidOperationException">The session has already halted.</exception>
    public bool Query(double value)
    {
        DyadicGrid.CheckFinite(value, nameof(value));
        lock (_gate)
        {
            if (IsHalted)
            {
                throw new InvalidOperationException(
                    $"AboveThreshold halted after {QueriesAnswered} queries at the first above-threshold answer; start a new session (and pay for it) to continue.");
            }
            var noisy = DyadicGrid.Round(value, _gridExponent) + DiscreteLaplaceSampler.Sample(_random, _queryScale);
            QueriesAnswered++;
            IsHalted = noisy >= _noisyThreshold;
            return IsHalted;
        }
    }
}
