using System.Globalization;
using Sanitas.Privacy;
using Sanitas.Server.Storage;

namespace Sanitas.Server.Apis;

/// <summary>
/// The refusal a job's request gets before it is queued when the caller's budget on the dataset cannot cover its
/// (ε, δ). The job's own charge stays the binding check (budgets can change while it waits); this only turns the
/// common case into an immediate 409 with nothing charged.
/// </summary>
internal static class BudgetPrecheck
{
    /// <exception cref="PrivacyBudgetExceededException">No budget, or too little left; the message says what remains.</exception>
    public static async Task EnsureCoversAsync(ServerStore store, string analyst, string dataset, double epsilon, double delta, CancellationToken ct)
    {
        var budget = await store.Ledger.GetAsync(analyst, dataset, ct).ConfigureAwait(false)
            ?? throw new PrivacyBudgetExceededException($"You have no privacy budget on '{dataset}'; ask the data steward for one. Nothing was charged.");
        if (budget.EpsilonSpent + epsilon > (budget.EpsilonTotal * (1 + 1e-9)) + 1e-9 || budget.DeltaSpent + delta > budget.DeltaTotal * (1 + 1e-9))
        {
            throw new PrivacyBudgetExceededException(string.Create(CultureInfo.InvariantCulture,
                $"You asked for ε = {epsilon:G6}, δ = {delta:G3} on '{dataset}', but only ε = {budget.EpsilonRemaining:G6}, δ = {budget.DeltaRemaining:G3} remain. Nothing was charged."));
        }
    }
}
