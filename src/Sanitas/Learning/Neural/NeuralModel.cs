namespace Sanitas.Learning.Neural;

/// <summary>A trained network together with the feature scaling it was trained on; predicts from raw features.</summary>
/// <param name="Network">The network (works on scaled features).</param>
/// <param name="Scaler">The map from raw to scaled features.</param>
public sealed record NeuralModel(MultilayerPerceptron Network, FeatureScaler Scaler)
{
    /// <summary>The prediction for one row of raw features (see <see cref="MultilayerPerceptron.Predict(ReadOnlySpan{double}, Span{double}, NetworkWorkspace)"/>).</summary>
    /// <param name="rawFeatures">The raw features.</param>
    /// <returns>P(y = 1), class probabilities, or the predicted value.</returns>
    public double[] Predict(ReadOnlySpan<double> rawFeatures)
    {
        var scaled = new double[rawFeatures.Length];
        Scaler.Transform(rawFeatures, scaled);
        return Network.Predict(scaled);
    }

    /// <summary>The accuracy on raw data (classification).</summary>
    /// <param name="rawData">Unscaled evaluation data.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public double Accuracy(NeuralDataset rawData)
    {
        ArgumentNullException.ThrowIfNull(rawData);
        return NeuralTrainer.Accuracy(Network, rawData.Scaled(Scaler));
    }
}
