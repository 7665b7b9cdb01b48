namespace Sanitas.Risk;

/// <summary>
/// Newton-Raphson for two equations in two unknowns, with restarts, as the solver ARX uses for its
/// population models (linearbits newtonraphson, configured by ARXSolverConfiguration): stop when
/// both equations are within <see cref="Accuracy"/> of zero; a try ends after 1,000 iterations, on
/// NaN or when a constraint fails, and the next try starts at a random point between 0 and the
/// first start; at most 10,000 iterations in all. The restarts use a fixed seed so that results
/// are reproducible (they are estimates for a report, not a release mechanism).
/// </summary>
internal static class NewtonRaphson2D
{
    public const double Accuracy = 1e-6;
    private const int IterationsPerTry = 1000;
    private const int IterationsTotal = 10000;

    public static (double X, double Y) Solve(
        Func<(double X, double Y), ((double X, double Y) Value, Matrix2 Jacobian)> function,
        (double X, double Y) start,
        Func<(double X, double Y), bool>? constraint,
        CancellationToken cancellationToken)
    {
        // Not a release: restart points of a numerical solver for a risk estimate; seeded so the
        // same data always gets the same estimate.
        var random = new Random(20120727);
        var total = 0;
        var first = true;
        while (total <= IterationsTotal)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (double X, double Y) solution = first ? start : (random.NextDouble() * start.X, random.NextDouble() * start.Y);
            first = false;
            var iterations = 0;
            while (true)
            {
                total++;
                var (value, jacobian) = function(solution);
                if (Math.Abs(value.X) <= Accuracy && Math.Abs(value.Y) <= Accuracy)
                {
                    return solution;
                }
                var step = jacobian.Solve(value);
                solution = (solution.X - step.X, solution.Y - step.Y);
                if (constraint is not null && !constraint(solution))
                {
                    break;
                }
                if (double.IsNaN(solution.X) || double.IsNaN(solution.Y) || iterations++ > IterationsPerTry)
                {
                    break;
                }
                if (total > IterationsTotal)
                {
                    return (double.NaN, double.NaN);
                }
            }
        }
        return (double.NaN, double.NaN);
    }
}
