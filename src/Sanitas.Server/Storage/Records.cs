namespace Sanitas.Server.Storage;

/// <summary>A user: name, role (analyst, steward, admin) and PBKDF2 password hash (null: API tokens only).</summary>
internal sealed record UserRecord(string Name, string Role, string? PasswordHash, string CreatedAt);

/// <summary>An API token's public part (its secret is stored only as a hash).</summary>
internal sealed record TokenRecord(string Id, string User, string? Label, string CreatedAt, string? RevokedAt);

/// <summary>
/// A dataset analysts query with DP: where it lives (a SQLite file or PostgreSQL connection string),
/// its DP metadata (YAML, fixed by the steward), and optionally a CSV and bounds for DP training.
/// </summary>
internal sealed record DatasetRecord(string Id, string Name, string Description, string Location, string MetadataYaml,
    string? TrainingCsv, string? TrainingBoundsYaml, string CreatedBy, string CreatedAt);

/// <summary>An anonymization project: a folder holding its data, hierarchies and configuration.</summary>
internal sealed record ProjectRecord(string Id, string Name, string Directory, string CreatedBy, string CreatedAt);

/// <summary>A persisted background job.</summary>
internal sealed record JobRecord(string Id, string Kind, string Owner, string Target, string Status, double Progress, string? Error,
    string Parameters, string? ResultFiles, string CreatedAt, string? FinishedAt);

/// <summary>One row of the append-only audit log.</summary>
internal sealed record AuditRecord(long Id, string At, string Actor, string Action, string? Dataset, double? Epsilon, double? Delta, string Detail);
