namespace Sanitas.Risk;

/// <summary>A 2×2 matrix ((X1 X2), (Y1 Y2)): the Jacobian of two equations in two unknowns.</summary>
internal readonly record struct Matrix2(double X1, double X2, double Y1, double Y2)
{
    public double Determinant => (X1 * Y2) - (X2 * Y1);

    /// <summary>Solves this · d = v for d.</summary>
    public (double X, double Y) Solve((double X, double Y) v)
    {
        var inverse = 1 / Determinant;
        return ((Y2 * inverse * v.X) - (X2 * inverse * v.Y), (-Y1 * inverse * v.X) + (X1 * inverse * v.Y));
    }
}
