namespace Sanitas.Anonymization;

internal static class TClosenessParameters
{
    public static void Check(string name, string attribute, double t)
    {
        if (!(t >= 0 && t <= 1))
        {
            throw new InvalidOptionException($"{name} on '{attribute}': t must be in [0, 1], got {t}.");
        }
    }
}
