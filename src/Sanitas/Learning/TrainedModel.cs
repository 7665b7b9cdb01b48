using Sanitas.Data;

namespace Sanitas.Learning;

/// <summary>
/// A trained model: how it was trained (model, mechanism), how its inputs are encoded, its
/// parameters, and what its file may claim (<see cref="Release"/>: the composed privacy cost and
/// its shares, the n used, the metrics and their source). Coefficients are reported in the
/// columns' own units.
/// </summary>
/// <param name="Model">linear, logistic, naive-bayes or mlp.</param>
/// <param name="Mechanism">none, output, functional, objective, adassp, dpsgd.</param>
/// <param name="Features">The encoded feature columns, in input order.</param>
/// <param name="Target">The encoded target (its classes for a classifier).</param>
/// <param name="Weights">The weights in the encoded space (index 0 the intercept); empty for naive Bayes and the mlp.</param>
/// <param name="NaiveBayes">The naive Bayes parameters, or null.</param>
/// <param name="Network">The multilayer perceptron (mlp), or null; its inputs are the encoded features.</param>
/// <param name="Release">Privacy cost, shares, n and metrics.</param>
public sealed record TrainedModel(
    string Model, string Mechanism,
    IReadOnlyList<EncodedColumn> Features, EncodedColumn Target,
    IReadOnlyList<double> Weights, NaiveBayesParameters? NaiveBayes, NetworkParameters? Network, ModelRelease Release)
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    /// <summary>
    /// What training did with a missing value in a used column (<see cref="MissingValuePolicy.Error"/> for model files
    /// written before the policy was recorded). Prediction follows it: under <see cref="MissingValuePolicy.ImputePublic"/>
    /// a missing feature becomes its declared public value (<see cref="Imputed"/>); otherwise a missing feature is an
    /// error naming the row and column, since the model has no value to put there.
    /// </summary>
    public MissingValuePolicy Missing { get; init; }

    /// <summary>The declared public value of each feature under <see cref="MissingValuePolicy.ImputePublic"/> (declared constants, never a statistic of the data); null otherwise.</summary>
    public IReadOnlyDictionary<string, string>? Imputed { get; init; }

    /// <summary>The total ε charged for the model file (0 for a not-private model).</summary>
    public double Epsilon => Release.Epsilon;

    /// <summary>The total δ charged.</summary>
    public double Delta => Release.Delta;

    /// <summary>The metrics (see <see cref="ModelRelease.Metrics"/> for their source); empty when none.</summary>
    public IReadOnlyDictionary<string, double> Metrics => Release.Metrics?.Values ?? NoMetrics;

    /// <summary>Whether the model predicts a class (logistic, naive Bayes) rather than a number.</summary>
    public bool IsClassifier => Target.Categories is not null;

    /// <summary>The names of the model inputs (one per feature, one per indicator of a categorical feature).</summary>
    public IReadOnlyList<string> InputNames => [.. Features.SelectMany(f => f.InputNames)];

    /// <summary>
    /// The coefficients in the columns' units (per unit of a numeric column, per indicator of a
    /// category), on the scale of the target for regression and of the log-odds for logistic
    /// regression; empty for naive Bayes and the multilayer perceptron (which has no per-column coefficient). Clamping to the declared bounds is not part of them.
    /// </summary>
    public IReadOnlyDictionary<string, double> Coefficients => OriginalUnits().Coefficients;

    /// <summary>The intercept in the columns' units (null for naive Bayes and the multilayer perceptron).</summary>
    public double? Intercept => NaiveBayes is null && Network is null ? OriginalUnits().Intercept : null;

    /// <summary>
    /// Predictions for every row: the value (regression) or the probability of the last class. A missing feature is imputed
    /// with its declared public value when the model was trained with <see cref="MissingValuePolicy.ImputePublic"/>, else it
    /// is an error naming the row and column.
    /// </summary>
    public double[] Predict(Table table) => Predict(DesignMatrix.Build(table, Features, null, imputed: PredictionImputation));

    /// <summary>Predictions for every row of data that may hold values outside the declared domains (mapped as in training, never an error).</summary>
    internal double[] PredictMapped(Table table) => Predict(DesignMatrix.Build(table, Features, null, policy: DomainPolicy.Map, imputed: PredictionImputation));

    private IReadOnlyDictionary<string, string>? PredictionImputation => Missing == MissingValuePolicy.ImputePublic ? Imputed : null;

    /// <summary>The predicted class of a probability (classifiers).</summary>
    public string ClassOf(double probability) => Target.Categories![probability >= 0.5 ? 1 : 0];

    internal double[] Predict(DesignMatrix data)
    {
        var result = new double[data.Rows];
        var weights = Weights.ToArray();
        var network = Network?.ToNetwork();
        var workspace = network?.CreateWorkspace();
        var output = new double[1];
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            if (network is not null)
            {
                network.Predict(row[1..], output, workspace!);
                result[i] = output[0];
            }
            else if (NaiveBayes is not null)
            {
                result[i] = NaiveBayes.ProbabilityOfLast(row[1..]);
            }
            else
            {
                var s = System.Numerics.Tensors.TensorPrimitives.Dot(row, weights);
                result[i] = IsClassifier ? LogisticSolver.Sigmoid(s) : Target.Unscale(s);
            }
        }
        return result;
    }

    private (Dictionary<string, double> Coefficients, double Intercept) OriginalUnits()
    {
        var coefficients = new Dictionary<string, double>(StringComparer.Ordinal);
        if (NaiveBayes is not null || Network is not null || Weights.Count == 0)
        {
            return (coefficients, 0);
        }
        var outScale = IsClassifier ? 1 : Target.Scale;
        var intercept = Weights[0];
        var k = 1;
        foreach (var feature in Features)
        {
            if (feature.Categories is null)
            {
                coefficients[feature.Column] = Weights[k] / feature.Scale * outScale;
                intercept -= Weights[k] * feature.Center / feature.Scale;
                k++;
            }
            else
            {
                foreach (var name in feature.InputNames)
                {
                    coefficients[name] = Weights[k++] * outScale;
                }
            }
        }
        return (coefficients, IsClassifier ? intercept : Target.Center + (outScale * intercept));
    }
}
