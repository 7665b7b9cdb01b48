namespace Sanitas.Privacy;

/// <summary>
/// A charge was refused: the analyst has no budget, or it would exceed what remains. Nothing was
/// charged. Thrown by the persistent <see cref="BudgetLedger"/>; the in-process
/// <see cref="PrivacyAccountant"/> throws the derived <see cref="BudgetExceededException"/>, so one
/// catch handles both.
/// </summary>
public class PrivacyBudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PrivacyBudgetExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PrivacyBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PrivacyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refused charge.</summary>
    public PrivacyBudgetExceededException(string message, PrivacyBudget? budget, double epsilonRequested, double deltaRequested)
        : base(message)
    {
        Budget = budget;
        EpsilonRequested = epsilonRequested;
        DeltaRequested = deltaRequested;
    }

    /// <summary>The budget at the time of the refusal, or null when the analyst has none.</summary>
    public PrivacyBudget? Budget { get; }

    /// <summary>The ε the refused charge asked for.</summary>
    public double EpsilonRequested { get; }

    /// <summary>The δ the refused charge asked for.</summary>
    public double DeltaRequested { get; }
}
