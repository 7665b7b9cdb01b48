namespace Sanitas.Learning;

/// <summary>
/// k-fold cross-validation: rows are shuffled once with a seed (a split of the data, not a
/// release) and cut into k folds; each fold is predicted by a model fitted on the others.
/// Regression reports mse and r2 in the target's units, classification accuracy and auc.
/// </summary>
internal static class CrossValidation
{
    /// <summary>
    /// The k folds of rows 0..rows−1: the rows are shuffled with the seed and row i of that order goes
    /// to fold i mod k. Not a release: only the split of an evaluation of a not-private model (or of an
    /// experiment, the data owner's tool); DP models never carry cross-validated metrics.
    /// </summary>
    public static IEnumerable<(List<int> Train, List<int> Test)> Splits(int rows, int folds, int seed)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(order);
        for (var fold = 0; fold < folds; fold++)
        {
            var test = new List<int>();
            var train = new List<int>();
            for (var i = 0; i < order.Length; i++)
            {
                (i % folds == fold ? test : train).Add(order[i]);
            }
            yield return (train, test);
        }
    }

    public static IEnumerable<(string Name, double Value)> Run(
        DesignMatrix data, IReadOnlyList<EncodedColumn> features, EncodedColumn target, ModelTrainer trainer, FitContext context,
        int folds, int seed, IProgress<double>? progress, CancellationToken ct)
    {
        folds = Math.Min(folds, data.Rows);
        var predicted = new double[data.Rows];
        var actual = new double[data.Rows];
        var k = 0;
        var fold = 0;
        foreach (var (train, test) in Splits(data.Rows, folds, seed))
        {
            ct.ThrowIfCancellationRequested();
            var fit = trainer.Fit(data.Subset(train), context with { Rows = train.Count });
            var model = new TrainedModel(trainer.Model, trainer.Mechanism, features, target, fit.Weights, fit.NaiveBayes, fit.Network, ModelRelease.NotPrivate());
            var testData = data.Subset(test);
            var p = model.Predict(testData);
            for (var i = 0; i < test.Count; i++)
            {
                predicted[k] = p[i];
                actual[k] = target.Categories is null ? target.Unscale(testData.Y[i]) : testData.Y[i];
                k++;
            }
            progress?.Report(++fold / (double)folds);
        }
        return target.Categories is null
            ? [("mse", ModelMetrics.MeanSquaredError(actual, predicted)), ("r2", ModelMetrics.RSquared(actual, predicted))]
            : [("accuracy", ModelMetrics.Accuracy(actual, predicted)), ("auc", ModelMetrics.Auc(actual, predicted))];
    }
}
