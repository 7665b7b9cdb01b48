namespace Sanitas.Risk;

/// <summary>A statistical model that estimates how many records are unique in the population from the class sizes of a sample.</summary>
public enum PopulationUniquenessModel
{
    /// <summary>No sample uniques: nothing can be unique in the population.</summary>
    None,

    /// <summary>Zayatz (1991), "Estimation of the percent of unique population elements on a microdata file using the sample", US Census Bureau SRD report 91/08.</summary>
    Zayatz,

    /// <summary>The Pitman sampling formula (Hoshino 2001, "Applying Pitman's sampling formula to microdata disclosure risk assessment", J. Official Statistics 17(4)).</summary>
    Pitman,

    /// <summary>The slide negative binomial model (Chen and Keller-McNulty 1998, "Estimation of identification disclosure risk in microdata", J. Official Statistics 14(1)).</summary>
    Snb,
}
