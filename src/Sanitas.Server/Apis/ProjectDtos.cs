namespace Sanitas.Server.Apis;

/// <summary>Creates an anonymization project.</summary>
internal sealed record ProjectRequest(string? Id, string? Name);

/// <summary>A project: its data's columns and rows, its configuration, hierarchies and settings.</summary>
internal sealed record ProjectView(string Id, string Name, IReadOnlyList<string> Columns, int? Rows, string? Config, IReadOnlyList<string> Hierarchies, ProjectSettings? Settings);

/// <summary>The configuration as YAML (the format <c>sanitas anonymize --config</c> reads).</summary>
internal sealed record ConfigRequest(string? Yaml);

/// <summary>
/// The guided settings the UI asks for, turned into a configuration: a role per attribute
/// (identifying, quasi-identifying, sensitive, insensitive), k, optionally distinct l on one
/// sensitive attribute, the suppression limit and the risk thresholds.
/// </summary>
internal sealed record ProjectSettings(IReadOnlyDictionary<string, string>? Roles, int? K, int? L, double? SuppressionLimit, double? MaxHighestProsecutor, double? MaxAverageProsecutor);

/// <summary>A hierarchy's first rows (value, then each level's generalization).</summary>
internal sealed record HierarchyView(string Attribute, string File, int Levels, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Which table a risk job assesses: the project's input or the result of an anonymize job.</summary>
internal sealed record RiskJobRequest(string? AnonymizeJob);

/// <summary>A DP training job on a dataset: model, target, features, mechanism, ε and δ.</summary>
internal sealed record TrainingJobRequest(string? Target, string? Model, string? Mechanism, double? Epsilon, double? Delta, IReadOnlyList<string>? Features);
