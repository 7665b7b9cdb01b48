namespace Sanitas.Learning;

/// <summary>Prediction metrics: mean squared error, R², accuracy, ROC AUC.</summary>
public static class ModelMetrics
{
    /// <summary>The mean squared error.</summary>
    public static double MeanSquaredError(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var e = actual[i] - predicted[i];
            sum += e * e;
        }
        return actual.Length == 0 ? double.NaN : sum / actual.Length;
    }

    /// <summary>R² = 1 − SSE/SST (SST about the mean of <paramref name="actual"/>).</summary>
    public static double RSquared(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        double mean = 0;
        foreach (var a in actual)
        {
            mean += a;
        }
        mean /= actual.Length;
        double sse = 0, sst = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            sse += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            sst += (actual[i] - mean) * (actual[i] - mean);
        }
        return sst == 0 ? double.NaN : 1 - (sse / sst);
    }

    /// <summary>The share of rows whose probability (of class 1) falls on the right side of ½.</summary>
    public static double Accuracy(ReadOnlySpan<double> labels, ReadOnlySpan<double> probabilities)
    {
        var right = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if ((probabilities[i] >= 0.5) == (labels[i] >= 0.5))
            {
                right++;
            }
        }
        return labels.Length == 0 ? double.NaN : (double)right / labels.Length;
    }

    /// <summary>The area under the ROC curve: the Mann–Whitney probability that a positive row scores above a negative one (ties count half).</summary>
    public static double Auc(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        var order = new int[labels.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var s = scores.ToArray();
        Array.Sort(order, (a, b) => s[a].CompareTo(s[b]));
        double rankSumPositive = 0;
        long positives = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && s[order[end + 1]] == s[order[k]])
            {
                end++;
            }
            var rank = ((k + end) / 2.0) + 1;
            for (var t = k; t <= end; t++)
            {
                if (labels[order[t]] >= 0.5)
                {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            k = end + 1;
        }
        long negatives = labels.Length - positives;
        return positives == 0 || negatives == 0
            ? double.NaN
            : (rankSumPositive - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
