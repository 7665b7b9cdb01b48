using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Sanitas.Privacy;

/// <summary>
/// Differentially private partition (key) selection for group keys that are not public (Korolova,
/// Kenthapadi, Mishra &amp; Ntoulas 2009; Wilson et al., "Differentially Private SQL with Bounded
/// User Contribution", PoPETs 2020): add discrete Laplace noise of scale b = Δ₀/ε to each key's
/// count of distinct privacy units and keep the keys whose noisy count reaches an integer threshold
/// τ. (ε, δ)-DP when each privacy unit contributes to at most Δ₀ keys.
/// </summary>
/// <remarks>
/// Why: removing one unit changes the count vector of the keys present on both sides by at most Δ₀
/// in L1, which discrete Laplace noise of scale Δ₀/ε covers with ε. The only other difference is the
/// at most Δ₀ keys the unit alone holds (count 1 on one side, absent on the other); each is kept with
/// probability P(1 + Z ≥ τ) = q^{τ−1}/(1 + q), q = e^{−1/b}. Asking Δ₀ q^{τ−1}/(1 + q) ≤ δ (union
/// bound) gives τ = 1 + ⌈b ln(Δ₀ / (δ(1 + q)))⌉, close to the continuous 1 + b ln(Δ₀/(2δ)).
/// The kept keys come back in a random order so that the input's order does not leak.
/// <see cref="SelectBounded{TUnit, TKey}"/> takes (unit, key) contributions and bounds and counts them
/// itself, so its guarantee holds for any input; <see cref="Select{TKey}"/> takes counts and is
/// experimental because it trusts the caller to have bounded each unit to Δ₀ keys.
/// See PartitionSelection.md for the proof, and Desfontaines, Voss, Gipson &amp; Mandayam 2022,
/// "Differentially private partition selection" (PoPETs) for the optimal variant.
/// </remarks>
public sealed record PartitionSelection
{
    private readonly Rational _scale;

    /// <summary>Calibrates the selection.</summary>
    /// <param name="epsilon">ε; positive.</param>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="maxPartitionsContributed">Δ₀, the most keys one privacy unit contributes to; positive.</param>
    public PartitionSelection(double epsilon, double delta, int maxPartitionsContributed)
    {
        DyadicGrid.CheckPositive(epsilon, nameof(epsilon));
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1).");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPartitionsContributed);
        Epsilon = epsilon;
        Delta = delta;
        MaxPartitionsContributed = maxPartitionsContributed;
        _scale = Rational.FromInteger(maxPartitionsContributed) / Rational.FromDouble(epsilon);
        Scale = _scale.ToDouble();
        var q = Math.Exp(-1 / Scale);
        var units = Scale * Math.Log(maxPartitionsContributed / (delta * (1 + q)));
        // A hair of margin so that rounding in the logarithm can only raise τ.
        Threshold = 1 + (long)Math.Max(0, Math.Ceiling((units * (1 + 1e-12)) + 1e-9));
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>δ.</summary>
    public double Delta { get; }

    /// <summary>Δ₀, the most keys one privacy unit contributes to.</summary>
    public int MaxPartitionsContributed { get; }

    /// <summary>The noise scale b = Δ₀/ε.</summary>
    public double Scale { get; }

    /// <summary>The integer threshold τ on the noisy distinct-unit count.</summary>
    public long Threshold { get; }

    /// <summary>The cost of one selection: (ε, δ)-DP.</summary>
    public ApproximateDp Cost => new(Epsilon, Delta);

    /// <summary>
    /// Bounds every unit to its first Δ₀ distinct keys (in <paramref name="keyOrder"/>, so the choice
    /// depends on the unit's own contributions only), counts the distinct units per key and keeps the
    /// keys whose noisy count reaches <see cref="Threshold"/>: (ε, δ)-DP for any input. Charge
    /// <see cref="Cost"/> first.
    /// </summary>
    /// <typeparam name="TUnit">The privacy unit (the person).</typeparam>
    /// <typeparam name="TKey">The group key.</typeparam>
    /// <param name="contributions">Every (unit, key) pair in the data; repeats are fine.</param>
    /// <param name="unitComparer">Equality of units.</param>
    /// <param name="keyOrder">A total order of keys, used to choose a unit's first Δ₀ keys.</param>
    /// <param name="random">The source of bits; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The kept keys, in random order.</returns>
    public IReadOnlyList<TKey> SelectBounded<TUnit, TKey>(IEnumerable<(TUnit Unit, TKey Key)> contributions, IEqualityComparer<TUnit> unitComparer,
        IComparer<TKey> keyOrder, IRandomBits random)
        where TUnit : notnull
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentNullException.ThrowIfNull(keyOrder);
        var keysOfUnit = new Dictionary<TUnit, SortedSet<TKey>>(unitComparer);
        foreach (var (unit, key) in contributions)
        {
            if (!keysOfUnit.TryGetValue(unit, out var keys))
            {
                keysOfUnit[unit] = keys = new SortedSet<TKey>(keyOrder);
            }
            keys.Add(key);
            if (keys.Count > MaxPartitionsContributed)
            {
                keys.Remove(keys.Max!);
            }
        }
        var counts = new Dictionary<TKey, long>();
        foreach (var keys in keysOfUnit.Values)
        {
            foreach (var key in keys)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return SelectCounts(counts, random);
    }

    /// <summary>Keeps the keys whose noisy distinct-unit count reaches <see cref="Threshold"/>. Charge <see cref="Cost"/> first.</summary>
    /// <remarks>Experimental: the guarantee rests on the caller having bounded each unit to Δ₀ keys and counted distinct units; prefer <see cref="SelectBounded{TUnit, TKey}"/>.</remarks>
    /// <typeparam name="TKey">The group key.</typeparam>
    /// <param name="distinctUnitCounts">For each key, the number of distinct privacy units in it, after bounding each unit to at most Δ₀ keys.</param>
    /// <param name="random">The source of bits; <see cref="SecureRandom"/> for a real release.</param>
    /// <returns>The kept keys, in random order.</returns>
    [Experimental(PrivacyExperiments.PartitionSelectionCallerBounded)]
    public IReadOnlyList<TKey> Select<TKey>(IReadOnlyDictionary<TKey, long> distinctUnitCounts, IRandomBits random)
        where TKey : notnull => SelectCounts(distinctUnitCounts, random);

    private IReadOnlyList<TKey> SelectCounts<TKey>(IReadOnlyDictionary<TKey, long> distinctUnitCounts, IRandomBits random)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(distinctUnitCounts);
        ArgumentNullException.ThrowIfNull(random);
        var kept = new List<TKey>();
        foreach (var (key, count) in distinctUnitCounts)
        {
            if (count <= 0)
            {
                continue;
            }
            if (count + DiscreteLaplaceSampler.Sample(random, _scale) >= new BigInteger(Threshold))
            {
                kept.Add(key);
            }
        }
        for (var i = kept.Count - 1; i > 0; i--)
        {
            var j = (int)UniformSampler.Below(random, (ulong)(i + 1));
            (kept[i], kept[j]) = (kept[j], kept[i]);
        }
        return kept;
    }
}
