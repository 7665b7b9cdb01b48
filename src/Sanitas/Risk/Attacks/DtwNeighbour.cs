namespace Sanitas.Risk.Attacks;

/// <summary>The reference nearest to a query under DTW, and how much work finding it took.</summary>
/// <param name="Index">The nearest reference (the lowest index among equally near ones).</param>
/// <param name="Distance">Its DTW distance (sum of squared differences).</param>
/// <param name="DtwComputed">References whose DTW was computed (not pruned by LB_Keogh); an abandoned computation counts.</param>
public readonly record struct DtwNeighbour(int Index, double Distance, int DtwComputed);
