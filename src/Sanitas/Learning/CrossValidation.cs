namespace Sanitas.Learning;

/// <summary>
/// k-fold cross-validation: rows are shuffled once with a seed (a split of the data, not a
/// release) and cut into k folds; each fold is predicted by a model fitted on the others.
/// Regression reports mse and r2 in the target's units, classification accuracy and auc.
/// </summary>
internal static class CrossValidation
{
    public static IEnumerable<(string Name, double Value)> Run(
        DesignMatrix data, IReadOnlyList<EncodedColumn> features, EncodedColumn target, ModelTrainer trainer, FitContext context,
        int folds, int seed, IProgress<double>? progress, CancellationToken ct)
    {
        folds = Math.Min(folds, data.Rows);
        var order = Enumerable.Range(0, data.Rows).ToArray();
        // Not a release: only the fold split. The model that is released is fitted on all rows with the
        // caller's noise source (SecureRandom), and cross-validated metrics are flagged as not private.
        new Random(seed).Shuffle(order);
        var predicted = new double[data.Rows];
        var actual = new double[data.Rows];
        var k = 0;
        for (var fold = 0; fold < folds; fold++)
        {
            ct.ThrowIfCancellationRequested();
            var test = new List<int>();
            var train = new List<int>();
            for (var i = 0; i < order.Length; i++)
            {
                (i % folds == fold ? test : train).Add(order[i]);
            }
            var fit = trainer.Fit(data.Subset(train), context);
            var model = new TrainedModel(trainer.Model, trainer.Mechanism, 0, 0, features, target, fit.Weights, fit.NaiveBayes,
                new Dictionary<string, double>(), false, train.Count, fit.Network);
            var testData = data.Subset(test);
            var p = model.Predict(testData);
            for (var i = 0; i < test.Count; i++)
            {
                predicted[k] = p[i];
                actual[k] = target.Categories is null ? target.Unscale(testData.Y[i]) : testData.Y[i];
                k++;
            }
            progress?.Report((fold + 1.0) / folds);
        }
        return target.Categories is null
            ? [("mse", ModelMetrics.MeanSquaredError(actual, predicted)), ("r2", ModelMetrics.RSquared(actual, predicted))]
            : [("accuracy", ModelMetrics.Accuracy(actual, predicted)), ("auc", ModelMetrics.Auc(actual, predicted))];
    }
}
