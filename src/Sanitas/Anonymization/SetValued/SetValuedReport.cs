namespace Sanitas.Anonymization.SetValued;

/// <summary>The report's <c>setValued</c> section: the k^m-anonymization of the set-valued column.</summary>
/// <param name="Column">The output column.</param>
/// <param name="K">k.</param>
/// <param name="M">m.</param>
/// <param name="Generalizations">How many global generalization steps were needed.</param>
/// <param name="InformationLoss">The normalized certainty penalty (NCP) of the generalized sets.</param>
/// <param name="Generalized">Each item released as a more general node: item → node.</param>
public sealed record SetValuedReport(string Column, int K, int M, int Generalizations, double InformationLoss, IReadOnlyDictionary<string, string> Generalized)
{
    /// <summary>The section for a result.</summary>
    public static SetValuedReport Create(SetValuedSettings settings, KmAnonymizationResult result)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(result);
        return new(settings.Column, settings.K, settings.M, result.Steps, result.InformationLoss,
            result.Generalization.Where(g => g.Key != g.Value).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal));
    }
}
