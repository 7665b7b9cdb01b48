using Sanitas.Query;

namespace Sanitas.Server.Apis;

/// <summary>A dataset as analysts see it: its description and DP metadata (never rows).</summary>
internal sealed record DatasetView(string Id, string Name, string Description, IReadOnlyList<TableView> Tables, bool Trainable)
{
    public static DatasetView Of(Storage.DatasetRecord d, DatabaseMetadata metadata) => new(d.Id, d.Name, d.Description,
        [.. metadata.Tables.Values.Select(t => new TableView(t.Name, t.PrivacyUnit, t.MaxRowsPerUnit, t.MaxGroupsPerUnit,
            [.. t.Columns.Values.Select(c => new ColumnView(c.Name, c.Kind.ToString().ToLowerInvariant(), c.Lower, c.Upper, c.PublicValues, c.IsPrivacyUnit, c.IsPrivateKey))]))],
        d.TrainingCsv is not null && d.TrainingBoundsYaml is not null);
}

/// <summary>A table's DP metadata: its privacy unit and contribution bounds.</summary>
internal sealed record TableView(string Name, string PrivacyUnit, int MaxRowsPerUnit, int MaxGroupsPerUnit, IReadOnlyList<ColumnView> Columns);

/// <summary>A column's declared type, bounds and public values.</summary>
internal sealed record ColumnView(string Name, string Type, double? Lower, double? Upper, IReadOnlyList<string>? PublicValues, bool IsPrivacyUnit, bool IsPrivateKey);

/// <summary>A DP query: SQL, the ε to spend, the δ partition selection may spend, and whether only to explain it.</summary>
internal sealed record QueryRequest(string? Sql, double? Epsilon, double? Delta, bool? Explain);

/// <summary>A budget grant: total ε and δ.</summary>
internal sealed record BudgetRequest(double? Epsilon, double? Delta);

/// <summary>One charged release in an analyst's history.</summary>
internal sealed record HistoryEntry(long Id, string What, double Epsilon, double Delta, DateTimeOffset At);

/// <summary>Registers an existing SQLite file or PostgreSQL database as a dataset.</summary>
internal sealed record RegisterDatasetRequest(string? Id, string? Name, string? Description, string? Database, string? Metadata, string? TrainingCsv, string? TrainingBounds);

/// <summary>New DP metadata (YAML, as <c>sanitas query --metadata</c> reads) and optionally new training bounds.</summary>
internal sealed record MetadataRequest(string? Metadata, string? TrainingBounds);

/// <summary>Raw rows (stewards only).</summary>
internal sealed record RowsView(string Table, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>A synthesis job: the mechanism (mst, aim, privbayes, dpctgan), ε, δ and optionally the number of rows (default: the DP estimate of the table's size).</summary>
internal sealed record SynthesisJobRequest(string? Mechanism, double? Epsilon, double? Delta, int? Rows);

/// <summary>A dataset's synthesis domain (SYNTH.yaml, as <c>sanitas synth --config</c> reads it): public, declared by the steward.</summary>
internal sealed record SynthesisConfigView(string Dataset, string Config);

/// <summary>A new synthesis domain for a dataset (SYNTH.yaml text).</summary>
internal sealed record SynthesisConfigRequest(string? Config);
