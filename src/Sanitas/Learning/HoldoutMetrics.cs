using Sanitas.Privacy;

namespace Sanitas.Learning;

/// <summary>
/// DP metrics of a model on persons held out of its training: half of the metrics share ε_m for a
/// noisy count of the hold-out rows, half for a noisy count of correct predictions (classifiers) or a
/// noisy sum of squared errors in the target's scaled units, with predictions and targets clamped to
/// [−1, 1] so each row adds at most 4 (regression). Adding or removing a person changes each count by
/// at most R and the sum by at most 4R: Laplace noise of those sensitivities at ε_m/2 each is
/// ε_m-DP (Dwork, McSherry, Nissim &amp; Smith 2006), and the model is fixed before (it was trained on
/// the other persons). Accuracy = correct/rows and mse = sum/rows · scale² are post-processing.
/// </summary>
internal static class HoldoutMetrics
{
    public static MetricsReport Release(TrainedModel model, DesignMatrix holdout, int maxRowsPerUnit, double epsilon, IRandomBits random)
    {
        var predicted = model.Predict(holdout);
        var half = epsilon / 2;
        var rows = new LaplaceMechanism(maxRowsPerUnit, half).Release(holdout.Rows, random);
        var denominator = Math.Max(1, rows);
        var values = new Dictionary<string, double>(StringComparer.Ordinal) { ["noisyHoldoutRows"] = rows };
        if (model.IsClassifier)
        {
            double correct = 0;
            for (var i = 0; i < holdout.Rows; i++)
            {
                if ((predicted[i] >= 0.5) == (holdout.Y[i] >= 0.5))
                {
                    correct++;
                }
            }
            var noisy = new LaplaceMechanism(maxRowsPerUnit, half).Release(correct, random);
            values["noisyCorrect"] = noisy;
            values["accuracy"] = Math.Clamp(noisy / denominator, 0, 1);
        }
        else
        {
            double squares = 0;
            for (var i = 0; i < holdout.Rows; i++)
            {
                var p = Math.Clamp((predicted[i] - model.Target.Center) / model.Target.Scale, -1, 1);
                var e = p - Math.Clamp(holdout.Y[i], -1, 1);
                squares += e * e;
            }
            var noisy = new LaplaceMechanism(4.0 * maxRowsPerUnit, half).Release(squares, random);
            var scale2 = model.Target.Scale * model.Target.Scale;
            values["noisySquaredErrors"] = noisy * scale2;
            values["mse"] = Math.Clamp(noisy / denominator, 0, 4) * scale2;
        }
        return new MetricsReport(MetricsReport.DpHoldout, values,
            "DP metrics on about a fifth of the persons, held out of training: noisy counts (Laplace), charged as the 'metrics' share.");
    }
}
