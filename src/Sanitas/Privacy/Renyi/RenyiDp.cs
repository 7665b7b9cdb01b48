using System.Globalization;

namespace Sanitas.Privacy.Renyi;

/// <summary>
/// A Rényi differential privacy curve (Mironov 2017, "Rényi Differential Privacy", CSF): the
/// mechanism is (α, ε(α))-RDP at each tracked order α &gt; 1, i.e. the Rényi divergence of order α
/// between its outputs on neighbouring datasets is at most ε(α). Sequential composition adds the
/// curves order by order (Proposition 1); <see cref="ToApproximateDp(double, RenyiConversion)"/>
/// turns the curve into the (ε, δ) charge the ledger takes.
/// </summary>
public sealed record RenyiDp
{
    private readonly double[] _orders;
    private readonly double[] _epsilons;

    /// <summary>Creates a curve.</summary>
    /// <param name="orders">Distinct orders α &gt; 1 (finite).</param>
    /// <param name="epsilons">ε(α) ≥ 0 at each order; +∞ is allowed (that order gives no bound).</param>
    public RenyiDp(IReadOnlyList<double> orders, IReadOnlyList<double> epsilons)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(epsilons);
        if (orders.Count == 0 || orders.Count != epsilons.Count)
        {
            throw new ArgumentException($"An RDP curve needs one ε per order and at least one order (got {orders.Count} orders, {epsilons.Count} values).", nameof(epsilons));
        }
        _orders = [.. orders];
        _epsilons = [.. epsilons];
        for (var i = 0; i < _orders.Length; i++)
        {
            if (!(_orders[i] > 1) || !double.IsFinite(_orders[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(orders), _orders[i], "Every Rényi order must be finite and greater than 1.");
            }
            if (!(_epsilons[i] >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(epsilons), _epsilons[i], $"ε(α = {_orders[i]}) must be non-negative.");
            }
        }
        if (_orders.Distinct().Count() != _orders.Length)
        {
            throw new ArgumentException("The Rényi orders must be distinct.", nameof(orders));
        }
    }

    /// <summary>The tracked orders α.</summary>
    public IReadOnlyList<double> Orders => _orders;

    /// <summary>ε(α) at each order.</summary>
    public IReadOnlyList<double> Epsilons => _epsilons;

    /// <summary>ε(α) at one tracked order.</summary>
    /// <param name="order">An order in <see cref="Orders"/>.</param>
    /// <returns>ε(α).</returns>
    public double EpsilonAt(double order)
    {
        var i = Array.IndexOf(_orders, order);
        return i >= 0 ? _epsilons[i] : throw new ArgumentOutOfRangeException(nameof(order), order, "This order is not tracked by the curve.");
    }

    /// <summary>Sequential composition: ε(α) adds at each order (Mironov 2017, Proposition 1).</summary>
    /// <param name="other">A curve over the same orders.</param>
    /// <returns>The composed curve.</returns>
    public RenyiDp Compose(RenyiDp other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_orders.AsSpan().SequenceEqual(other._orders))
        {
            throw new ArgumentException(
                $"Cannot compose RDP curves over different orders ({Describe(_orders)} and {Describe(other._orders)}); compute both over the same list.",
                nameof(other));
        }
        var sum = new double[_orders.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = _epsilons[i] + other._epsilons[i];
        }
        return new RenyiDp(_orders, sum);
    }

    /// <summary>The tightest (ε, δ) over the tracked orders.</summary>
    /// <param name="delta">δ in (0, 1).</param>
    /// <param name="conversion">The conversion; Balle et al. 2020 (as Opacus and TF Privacy) by default.</param>
    /// <returns>ε, δ and the order that attains it.</returns>
    public RenyiEpsilon ToApproximateDp(double delta, RenyiConversion conversion = RenyiConversion.BalleEtAl2020)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ must be in (0, 1).");
        }
        var logDelta = Math.Log(delta);
        double best = double.PositiveInfinity, bestOrder = double.NaN;
        for (var i = 0; i < _orders.Length; i++)
        {
            var alpha = _orders[i];
            var epsilon = conversion switch
            {
                RenyiConversion.Mironov2017 => _epsilons[i] - (logDelta / (alpha - 1)),
                RenyiConversion.BalleEtAl2020 => _epsilons[i] + LogSpace.Log1P(-1 / alpha) - ((logDelta + Math.Log(alpha)) / (alpha - 1)),
                _ => throw new ArgumentOutOfRangeException(nameof(conversion), conversion, "Unknown RDP conversion."),
            };
            if (epsilon < best)
            {
                best = epsilon;
                bestOrder = alpha;
            }
        }
        if (!double.IsFinite(best))
        {
            throw new ArithmeticException("No tracked order gives a finite ε; track smaller orders or add more noise.");
        }
        return new RenyiEpsilon(Math.Max(0, best), delta, bestOrder, conversion);
    }

    /// <inheritdoc />
    public bool Equals(RenyiDp? other) =>
        other is not null && _orders.AsSpan().SequenceEqual(other._orders) && _epsilons.AsSpan().SequenceEqual(other._epsilons);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var x in _orders)
        {
            hash.Add(x);
        }
        foreach (var x in _epsilons)
        {
            hash.Add(x);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RDP over {_orders.Length} orders {Describe(_orders)}");

    private static string Describe(double[] orders) =>
        string.Create(CultureInfo.InvariantCulture, $"[{orders[0]:G6} … {orders[^1]:G6}, {orders.Length} orders]");
}
