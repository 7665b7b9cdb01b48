namespace Sanitas.Query;

/// <summary>One noisy aggregate of a DP query.</summary>
/// <param name="Call">The aggregate as written.</param>
/// <param name="Lower">The clamping lower bound of its argument (0 for counts).</param>
/// <param name="Upper">The clamping upper bound of its argument (0 for counts).</param>
/// <param name="Sensitivity">The L1 sensitivity of each noisy sum or count, over all groups together.</param>
/// <param name="Epsilon">The ε it spends (AVG spends it half on a sum, half on a count).</param>
public sealed record DpAggregate(AggregateCall Call, double Lower, double Upper, double Sensitivity, double Epsilon)
{
    /// <summary>Whether this is COUNT(DISTINCT privacy unit): the number of persons in each group.</summary>
    public bool CountsPersons { get; init; }

    /// <summary>Whether the argument is declared integer: a quantile's grid is then every integer of the range (up to 10,001), else 1,001 points.</summary>
    public bool IntegerValued { get; init; }
}
