namespace Sanitas.Query;

/// <summary>One noisy aggregate of a DP query.</summary>
public sealed record DpAggregate
{
    internal DpAggregate(AggregateCall call, double lower, double upper, double sensitivity, double epsilon)
    {
        Call = call;
        Lower = lower;
        Upper = upper;
        Sensitivity = sensitivity;
        Epsilon = epsilon;
    }

    /// <summary>The aggregate as checked (its argument in the closed language's total form).</summary>
    internal AggregateCall Call { get; init; }

    /// <summary>The aggregate as SQL (<c>AVG("Age")</c>).</summary>
    public string Sql => Call.ToSql();

    /// <summary>The clamping lower bound of its argument (0 for counts).</summary>
    public double Lower { get; init; }

    /// <summary>The clamping upper bound of its argument (0 for counts).</summary>
    public double Upper { get; init; }

    /// <summary>The L1 sensitivity of each noisy sum or count, over all groups together.</summary>
    public double Sensitivity { get; init; }

    /// <summary>The ε it spends (AVG spends it half on a sum, half on a count).</summary>
    public double Epsilon { get; init; }

    /// <summary>Whether this is COUNT(DISTINCT privacy unit): the number of persons in each group.</summary>
    public bool CountsPersons { get; init; }

    /// <summary>Whether the argument is declared integer: a quantile's grid is then every integer of the range (up to 10,001), else 1,001 points.</summary>
    public bool IntegerValued { get; init; }
}
