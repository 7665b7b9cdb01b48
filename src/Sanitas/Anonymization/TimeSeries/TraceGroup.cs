namespace Sanitas.Anonymization.TimeSeries;

/// <summary>One group of a k-anonymous trace release: its members (indices into the input) and the released trace.</summary>
/// <param name="Members">The persons in the group (at least k).</param>
/// <param name="Centroid">The released trace: the pointwise mean of the members' (windowed) traces.</param>
/// <param name="Distortion">The largest RMSE per point between a member's original trace and the released trace stretched back to it.</param>
internal sealed record TraceGroup(int[] Members, double[] Centroid, double Distortion);
