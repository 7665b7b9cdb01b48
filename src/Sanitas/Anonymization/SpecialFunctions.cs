namespace Sanitas.Anonymization;

/// <summary>Special functions the privacy models need.</summary>
internal static class SpecialFunctions
{
    /// <summary>The digamma function ψ(x) for x &gt; 0, by recurrence to x ≥ 6 and the asymptotic series (error below 1e-13).</summary>
    public static double Digamma(double x)
    {
        var result = 0d;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }
        var f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x
            - f * (1d / 12 - f * (1d / 120 - f * (1d / 252 - f * (1d / 240 - f * (1d / 132)))));
    }
}
