using System.Text.Json;

namespace Sanitas.Privacy;

/// <summary>
/// An analyst's budget on a dataset as it leaves Sanitas: the shape the command line's
/// <c>budget show --format json</c> and the service's budget endpoints both write.
/// </summary>
/// <param name="Analyst">The analyst.</param>
/// <param name="Dataset">The dataset, as the caller names it (the ledger's name, or the service's dataset id).</param>
/// <param name="EpsilonTotal">The ε granted.</param>
/// <param name="EpsilonSpent">The ε spent.</param>
/// <param name="EpsilonRemaining">The ε left.</param>
/// <param name="DeltaTotal">The δ granted.</param>
/// <param name="DeltaSpent">The δ spent.</param>
/// <param name="DeltaRemaining">The δ left.</param>
public sealed record BudgetStatement(string Analyst, string Dataset, double EpsilonTotal, double EpsilonSpent, double EpsilonRemaining,
    double DeltaTotal, double DeltaSpent, double DeltaRemaining)
{
    /// <summary>The JSON settings of the statement: camelCase names, as the service writes them.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The statement of a budget, optionally under another dataset name.</summary>
    /// <param name="budget">The budget as the ledger holds it.</param>
    /// <param name="dataset">The dataset name to show; the ledger's own when null.</param>
    /// <returns>The statement.</returns>
    public static BudgetStatement From(PrivacyBudget budget, string? dataset = null)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new(budget.Analyst, dataset ?? budget.Dataset, budget.EpsilonTotal, budget.EpsilonSpent, budget.EpsilonRemaining,
            budget.DeltaTotal, budget.DeltaSpent, budget.DeltaRemaining);
    }

    /// <summary>The statement as JSON (camelCase names).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
