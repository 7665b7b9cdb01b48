namespace Sanitas.Privacy;

/// <summary>
/// Thrown before a release whose cost would exceed what remains of a privacy budget. Nothing was
/// charged and nothing was released. A <see cref="PrivacyBudgetExceededException"/> (the ledger's), so
/// callers catch one type for both the in-process accountant and the persistent ledger.
/// </summary>
public sealed class BudgetExceededException : PrivacyBudgetExceededException
{
    /// <summary>Creates the exception for a refused charge.</summary>
    /// <param name="requested">The cost that was asked for.</param>
    /// <param name="remaining">What was left of the budget.</param>
    /// <param name="budget">The whole budget.</param>
    public BudgetExceededException(PrivacyCost requested, PrivacyCost remaining, PrivacyCost budget)
        : base($"Privacy budget exceeded: requested {requested} but only {remaining} remains of the budget {budget}. Nothing was charged or released.",
            null, EpsilonOf(requested), requested is ApproximateDp a ? a.Delta : 0)
    {
        Requested = requested;
        Remaining = remaining;
        Budget = budget;
    }

    /// <summary>The cost that was asked for.</summary>
    public PrivacyCost Requested { get; }

    /// <summary>What was left of the budget when the charge was refused.</summary>
    public PrivacyCost Remaining { get; }

    /// <summary>The whole budget (the accountant's cost; the ledger's <see cref="PrivacyBudgetExceededException.Budget"/> is null here).</summary>
    public new PrivacyCost Budget { get; }

    private static double EpsilonOf(PrivacyCost cost) => cost switch
    {
        PureDp p => p.Epsilon,
        ApproximateDp a => a.Epsilon,
        _ => double.NaN,
    };
}
