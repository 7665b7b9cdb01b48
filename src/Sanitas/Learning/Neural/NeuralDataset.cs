using Sanitas.Data;

namespace Sanitas.Learning.Neural;

/// <summary>
/// Training examples for a network: a row-major feature matrix, one target per row and, optionally,
/// the privacy unit (person) of each row, so that DP-SGD can sample and clip whole persons.
/// </summary>
public sealed class NeuralDataset
{
    private readonly double[] _features;
    private readonly double[] _targets;
    private readonly int[] _personStarts;
    private readonly int[] _order;

    /// <summary>Creates a dataset.</summary>
    /// <param name="features">Row-major features, <c>targets.Length × featureCount</c> finite values.</param>
    /// <param name="featureCount">The number of features; at least 1.</param>
    /// <param name="targets">One target per row: 0/1, a class index or a real value.</param>
    /// <param name="units">The person of each row (any integer ids), or null if every row is its own person.</param>
    public NeuralDataset(double[] features, int featureCount, double[] targets, int[]? units = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.Length != targets.Length * featureCount)
        {
            throw new ArgumentException($"{targets.Length} rows × {featureCount} features need {targets.Length * featureCount} values, not {features.Length}.", nameof(features));
        }
        for (var i = 0; i < features.Length; i++)
        {
            if (!double.IsFinite(features[i]))
            {
                throw new ArgumentException($"Row {(i / featureCount) + 1}, feature {(i % featureCount) + 1} is not a finite number.", nameof(features));
            }
        }
        for (var i = 0; i < targets.Length; i++)
        {
            if (!double.IsFinite(targets[i]))
            {
                throw new ArgumentException($"The target of row {i + 1} is not a finite number.", nameof(targets));
            }
        }
        _features = features;
        _targets = targets;
        FeatureCount = featureCount;
        HasUnits = units is not null;
        if (units is null)
        {
            _order = [.. Enumerable.Range(0, targets.Length)];
            _personStarts = [.. Enumerable.Range(0, targets.Length + 1)];
        }
        else
        {
            if (units.Length != targets.Length)
            {
                throw new ArgumentException($"{targets.Length} rows need {targets.Length} units, not {units.Length}.", nameof(units));
            }
            // Rows grouped by person, in order of first appearance; within a person, in row order.
            var first = new Dictionary<int, int>();
            foreach (var u in units)
            {
                first.TryAdd(u, first.Count);
            }
            _order = [.. Enumerable.Range(0, units.Length).OrderBy(r => first[units[r]]).ThenBy(r => r)];
            var starts = new List<int> { 0 };
            for (var i = 1; i < _order.Length; i++)
            {
                if (units[_order[i]] != units[_order[i - 1]])
                {
                    starts.Add(i);
                }
            }
            starts.Add(_order.Length);
            _personStarts = [.. starts];
        }
    }

    /// <summary>The number of rows.</summary>
    public int Count => _targets.Length;

    /// <summary>The number of features.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of persons (privacy units); equals <see cref="Count"/> without units.</summary>
    public int PersonCount => _personStarts.Length - 1;

    /// <summary>Whether rows carry a person id (more than one row may belong to a person).</summary>
    public bool HasUnits { get; }

    /// <summary>The features of one row.</summary>
    /// <param name="row">0-based row index.</param>
    /// <returns>The features.</returns>
    public ReadOnlySpan<double> Features(int row) => _features.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The target of one row.</summary>
    /// <param name="row">0-based row index.</param>
    /// <returns>The target.</returns>
    public double Target(int row) => _targets[row];

    /// <summary>The rows of one person.</summary>
    /// <param name="person">0-based person index.</param>
    /// <returns>Row indices.</returns>
    public ReadOnlySpan<int> PersonRows(int person) => _order.AsSpan(_personStarts[person], _personStarts[person + 1] - _personStarts[person]);

    /// <summary>The dataset restricted to some rows (e.g. a cross-validation fold), units kept.</summary>
    /// <param name="rows">0-based row indices.</param>
    /// <returns>A new dataset.</returns>
    public NeuralDataset Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var features = new double[rows.Count * FeatureCount];
        var targets = new double[rows.Count];
        var units = new int[rows.Count];
        var personOf = new int[Count];
        for (var p = 0; p < PersonCount; p++)
        {
            foreach (var r in PersonRows(p))
            {
                personOf[r] = p;
            }
        }
        for (var i = 0; i < rows.Count; i++)
        {
            Features(rows[i]).CopyTo(features.AsSpan(i * FeatureCount, FeatureCount));
            targets[i] = _targets[rows[i]];
            units[i] = personOf[rows[i]];
        }
        return new NeuralDataset(features, FeatureCount, targets, HasUnits ? units : null);
    }

    /// <summary>The dataset with every row's features mapped by <paramref name="scaler"/>.</summary>
    /// <param name="scaler">The feature scaling.</param>
    /// <returns>A new dataset with the same targets and units.</returns>
    public NeuralDataset Scaled(FeatureScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        var features = new double[_features.Length];
        for (var r = 0; r < Count; r++)
        {
            scaler.Transform(Features(r), features.AsSpan(r * FeatureCount, FeatureCount));
        }
        return new NeuralDataset(features, FeatureCount, _targets, HasUnits ? Units() : null);
    }

    /// <summary>
    /// Reads numeric feature columns and a target from a table. A binary target given as text
    /// (e.g. <c>neg</c>/<c>pos</c>) is coded 0/1 in <paramref name="classes"/> order (sorted if null).
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="features">The feature columns.</param>
    /// <param name="target">The target column.</param>
    /// <param name="unit">The privacy-unit column, or null if each row is a person.</param>
    /// <param name="classes">The class labels, in the order that gives them indices 0, 1, …; null to read the target as numbers.</param>
    /// <returns>The dataset.</returns>
    public static NeuralDataset FromTable(Table table, IReadOnlyList<string> features, string target, string? unit = null, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(features);
        var n = table.RowCount;
        var matrix = new double[n * features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            var values = ColumnValues.ToDoubles(table[features[f]]);
            for (var r = 0; r < n; r++)
            {
                if (double.IsNaN(values[r]))
                {
                    throw new SanitasDataException($"Column '{features[f]}', row {r + 1}: a number is required for a feature.");
                }
                matrix[(r * features.Count) + f] = values[r];
            }
        }
        double[] targets;
        var targetColumn = table[target];
        if (classes is null)
        {
            targets = ColumnValues.ToDoubles(targetColumn);
            var missing = Array.FindIndex(targets, double.IsNaN);
            if (missing >= 0)
            {
                throw new SanitasDataException($"Column '{target}', row {missing + 1}: a number is required for the target.");
            }
        }
        else
        {
            targets = new double[n];
            for (var r = 0; r < n; r++)
            {
                var label = targetColumn[r];
                var index = label is null ? -1 : classes.ToList().IndexOf(label);
                targets[r] = index >= 0 ? index
                    : throw new SanitasDataException($"Column '{target}', row {r + 1}: '{label}' is not one of the classes {string.Join(", ", classes)}.");
            }
        }
        int[]? units = null;
        if (unit is not null)
        {
            units = [.. table[unit].Codes];
        }
        return new NeuralDataset(matrix, features.Count, targets, units);
    }

    private int[] Units()
    {
        var units = new int[Count];
        for (var p = 0; p < PersonCount; p++)
        {
            foreach (var r in PersonRows(p))
            {
                units[r] = p;
            }
        }
        return units;
    }
}
