namespace Sanitas.Anonymization;

/// <summary>How entropy l-diversity estimates a class's entropy.</summary>
public enum EntropyEstimator
{
    /// <summary>The plug-in Shannon entropy of the class's value frequencies.</summary>
    Shannon,

    /// <summary>Grassberger's bias-corrected estimator (Grassberger 2003, "Entropy estimates from insufficient samplings").</summary>
    Grassberger,
}
