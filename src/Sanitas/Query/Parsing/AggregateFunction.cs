namespace Sanitas.Query;

/// <summary>The aggregate functions the parser recognises. MIN and MAX are parsed; the planner may reject them.</summary>
internal enum AggregateFunction
{
    /// <summary><c>COUNT(*)</c>, <c>COUNT(expr)</c>, <c>COUNT(DISTINCT expr)</c>.</summary>
    Count,

    /// <summary><c>SUM(expr)</c>.</summary>
    Sum,

    /// <summary><c>AVG(expr)</c>.</summary>
    Avg,

    /// <summary><c>VARIANCE(expr)</c> or <c>VAR(expr)</c>.</summary>
    Variance,

    /// <summary><c>STDDEV(expr)</c> or <c>STDEV(expr)</c>.</summary>
    StdDev,

    /// <summary><c>MEDIAN(expr)</c>.</summary>
    Median,

    /// <summary><c>PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY expr)</c> or <c>PERCENTILE_CONT(expr, p)</c>.</summary>
    PercentileCont,

    /// <summary><c>MIN(expr)</c>.</summary>
    Min,

    /// <summary><c>MAX(expr)</c>.</summary>
    Max,
}
