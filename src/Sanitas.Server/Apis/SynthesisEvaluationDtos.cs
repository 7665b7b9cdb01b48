namespace Sanitas.Server.Apis;

/// <summary>
/// An analyst's synthesis job on a dataset as the dataset's steward sees it (to choose one to evaluate): who ran it,
/// how, its state, and the caller's own exact evaluations of it.
/// </summary>
internal sealed record SynthesisJobSummary(string Id, string Analyst, string Status, string? Mechanism, double? Epsilon, double? Delta, int? Rows,
    string CreatedAt, string? FinishedAt, IReadOnlyList<Jobs.JobView> Evaluations);

/// <summary>The steward's exact evaluation of a synthesis job: optionally a two-cell column of the domain for train-on-synthetic-test-on-real.</summary>
internal sealed record SynthesisEvaluationRequest(string? Target);
