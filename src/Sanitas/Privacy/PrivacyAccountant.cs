namespace Sanitas.Privacy;

/// <summary>
/// An in-memory privacy odometer with an explicit, finite budget, composed sequentially. Check,
/// then charge, then compute, then release: <see cref="TryCharge"/> and <see cref="Charge"/>
/// atomically refuse any cost that would overspend, before anything is released. Thread-safe.
/// </summary>
/// <remarks>
/// The budget's measure decides what is accepted: a <see cref="PureDp"/> budget takes pure costs;
/// an <see cref="ApproximateDp"/> budget takes pure costs as (ε, 0) and (ε, δ) costs (basic
/// composition); a <see cref="ZeroConcentratedDp"/> budget takes zCDP costs and pure costs as
/// ρ = ε²/2. Other pairs are refused with <see cref="ArgumentException"/>: convert explicitly.
/// Unlike diffprivlib's default accountant there is no default and no infinite budget.
/// </remarks>
public sealed class PrivacyAccountant
{
    private readonly object _gate = new();
    private PrivacyCost? _spent;

    /// <summary>Creates an accountant with nothing spent.</summary>
    /// <param name="budget">The total that may ever be charged; finite by construction.</param>
    public PrivacyAccountant(PrivacyCost budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
    }

    /// <summary>The total that may ever be charged.</summary>
    public PrivacyCost Budget { get; }

    /// <summary>The total charged so far, in the budget's measure.</summary>
    public PrivacyCost Spent
    {
        get
        {
            lock (_gate)
            {
                return _spent ?? Zero(Budget);
            }
        }
    }

    /// <summary>What may still be charged, in the budget's measure.</summary>
    public PrivacyCost Remaining
    {
        get
        {
            lock (_gate)
            {
                return Subtract(Budget, _spent ?? Zero(Budget));
            }
        }
    }

    /// <summary>Charges <paramref name="cost"/> if it fits in what remains.</summary>
    /// <param name="cost">The cost of the release about to happen.</param>
    /// <returns>True if charged; false (and nothing charged) if it would overspend.</returns>
    public bool TryCharge(PrivacyCost cost) => TryChargeCore(cost, out _);

    /// <summary>Charges <paramref name="cost"/> or throws before anything is released.</summary>
    /// <param name="cost">The cost of the release about to happen.</param>
    /// <exception cref="BudgetExceededException">The cost does not fit; nothing was charged.</exception>
    public void Charge(PrivacyCost cost)
    {
        if (!TryChargeCore(cost, out var remaining))
        {
            throw new BudgetExceededException(cost, remaining, Budget);
        }
    }

    private bool TryChargeCore(PrivacyCost cost, out PrivacyCost remaining)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var converted = Convert(cost);
        lock (_gate)
        {
            var spent = _spent ?? Zero(Budget);
            var total = PrivacyComposition.Sequential(spent, converted);
            if (!Fits(total, Budget))
            {
                remaining = Subtract(Budget, spent);
                return false;
            }
            _spent = total;
            remaining = Subtract(Budget, total);
            return true;
        }
    }

    private PrivacyCost Convert(PrivacyCost cost) => (Budget, cost) switch
    {
        (PureDp, PureDp) => cost,
        (ApproximateDp, ApproximateDp) => cost,
        (ApproximateDp, PureDp p) => PrivacyConversions.ToApproximateDp(p),
        (ZeroConcentratedDp, ZeroConcentratedDp) => cost,
        (ZeroConcentratedDp, PureDp p) => PrivacyConversions.ToZeroConcentrated(p),
        _ => throw new ArgumentException(
            $"A {cost.GetType().Name} cost ({cost}) cannot be charged to a {Budget.GetType().Name} budget ({Budget}); convert it with PrivacyConversions first.",
            nameof(cost)),
    };

    private static bool Fits(PrivacyCost total, PrivacyCost budget) => (total, budget) switch
    {
        (PureDp t, PureDp b) => t.Epsilon <= b.Epsilon,
        (ApproximateDp t, ApproximateDp b) => t.Epsilon <= b.Epsilon && t.Delta <= b.Delta,
        (ZeroConcentratedDp t, ZeroConcentratedDp b) => t.Rho <= b.Rho,
        _ => false,
    };

    private static PrivacyCost Zero(PrivacyCost budget) => budget switch
    {
        PureDp => new PureDp(0),
        ApproximateDp => new ApproximateDp(0, 0),
        _ => new ZeroConcentratedDp(0),
    };

    private static PrivacyCost Subtract(PrivacyCost budget, PrivacyCost spent) => (budget, spent) switch
    {
        (PureDp b, PureDp s) => new PureDp(Math.Max(0, b.Epsilon - s.Epsilon)),
        (ApproximateDp b, ApproximateDp s) => new ApproximateDp(Math.Max(0, b.Epsilon - s.Epsilon), Math.Max(0, b.Delta - s.Delta)),
        (ZeroConcentratedDp b, ZeroConcentratedDp s) => new ZeroConcentratedDp(Math.Max(0, b.Rho - s.Rho)),
        _ => throw new InvalidOperationException("The ledger holds a cost in another measure than its budget."),
    };
}
