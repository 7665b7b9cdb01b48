namespace Sanitas.Learning;

/// <summary>A fit's parameters: weights in the scaled input space (index 0 the intercept), naive Bayes statistics, or a network.</summary>
internal sealed record FitResult(double[] Weights, NaiveBayesParameters? NaiveBayes = null, NetworkParameters? Network = null);
