namespace Sanitas.Cli.Rendering;

/// <summary>Where work that runs through named phases is: the phase's index, its share done, and a short detail ("1,234,567 rows").</summary>
/// <param name="Phase">The index of the phase in the list given to <see cref="ICliConsole.RunWithPhases{T}"/>.</param>
/// <param name="Fraction">The share of the phase done, in [0, 1].</param>
/// <param name="Detail">Shown after the phase's name, or null.</param>
internal readonly record struct PhaseProgress(int Phase, double Fraction, string? Detail = null);
