namespace Sanitas.Privacy;

/// <summary>
/// Thrown before a release whose cost would exceed what remains of a privacy budget. Nothing was
/// charged and nothing was released.
/// </summary>
public sealed class BudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception for a refused charge.</summary>
    /// <param name="requested">The cost that was asked for.</param>
    /// <param name="remaining">What was left of the budget.</param>
    /// <param name="budget">The whole budget.</param>
    public BudgetExceededException(PrivacyCost requested, PrivacyCost remaining, PrivacyCost budget)
        : base($"Privacy budget exceeded: requested {requested} but only {remaining} remains of the budget {budget}. Nothing was charged or released.")
    {
        Requested = requested;
        Remaining = remaining;
        Budget = budget;
    }

    /// <summary>The cost that was asked for.</summary>
    public PrivacyCost Requested { get; }

    /// <summary>What was left of the budget when the charge was refused.</summary>
    public PrivacyCost Remaining { get; }

    /// <summary>The whole budget.</summary>
    public PrivacyCost Budget { get; }
}
