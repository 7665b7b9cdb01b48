using Sanitas.Learning.Neural;

namespace Sanitas.Tests.Learning.Neural;

public class MultilayerPerceptronTests
{
    [Theory]
    [InlineData(NeuralTask.BinaryClassification, Activation.Relu, 1.0)]
    [InlineData(NeuralTask.BinaryClassification, Activation.Tanh, 0.0)]
    [InlineData(NeuralTask.MulticlassClassification, Activation.Tanh, 2.0)]
    [InlineData(NeuralTask.MulticlassClassification, Activation.Relu, 0.0)]
    [InlineData(NeuralTask.Regression, Activation.Tanh, -1.7)]
    [InlineData(NeuralTask.Regression, Activation.Relu, 3.2)]
    public void Gradient_matches_central_finite_differences(NeuralTask task, Activation activation, double target)
    {
        var network = new MultilayerPerceptron(5, [7, 4], task, classes: 3, activation: activation, seed: 42);
        double[] x = [0.3, -1.2, 0.8, 0.05, -0.4];
        var workspace = network.CreateWorkspace();
        var gradient = new double[network.ParameterCount];
        network.LossAndGradient(x, target, gradient, workspace);
        var scratch = new double[network.ParameterCount];
        const double h = 1e-6;
        for (var i = 0; i < network.ParameterCount; i++)
        {
            var saved = network.Parameters[i];
            network.Parameters[i] = saved + h;
            var plus = network.LossAndGradient(x, target, scratch, workspace);
            network.Parameters[i] = saved - h;
            var minus = network.LossAndGradient(x, target, scratch, workspace);
            network.Parameters[i] = saved;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 + (1e-5 * Math.Abs(numeric)),
                $"parameter {i}: back-propagation {gradient[i]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void Logistic_regression_is_a_linear_model_with_the_log_loss()
    {
        var model = MultilayerPerceptron.LogisticRegression(2);
        Assert.Equal(3, model.ParameterCount);
        model.Parameters[0] = 1.5; // w1
        model.Parameters[1] = -2; // w2
        model.Parameters[2] = 0.25; // b
        double[] x = [0.4, 0.1];
        var z = (1.5 * 0.4) - (2 * 0.1) + 0.25;
        Assert.Equal(1 / (1 + Math.Exp(-z)), model.Predict(x)[0], 15);
        var gradient = new double[3];
        var loss = model.LossAndGradient(x, 1, gradient, model.CreateWorkspace());
        Assert.Equal(Math.Log(1 + Math.Exp(-z)), loss, 14);
        var p = 1 / (1 + Math.Exp(-z));
        Assert.Equal((p - 1) * 0.4, gradient[0], 15);
        Assert.Equal((p - 1) * 0.1, gradient[1], 15);
        Assert.Equal(p - 1, gradient[2], 15);
    }

    [Fact]
    public void Softmax_outputs_are_probabilities()
    {
        var network = new MultilayerPerceptron(3, [5], NeuralTask.MulticlassClassification, classes: 4, seed: 3);
        var p = network.Predict([1.0, -2.0, 0.5]);
        Assert.Equal(4, p.Length);
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Learns_xor_which_no_linear_model_can()
    {
        double[] features = [0, 0, 0, 1, 1, 0, 1, 1];
        double[] targets = [0, 1, 1, 0];
        var data = new NeuralDataset(features, 2, targets);
        var network = new MultilayerPerceptron(2, [8], NeuralTask.BinaryClassification, activation: Activation.Tanh, seed: 5);
        NeuralTrainer.Train(network, data, new NeuralTrainingOptions(Epochs: 2000, BatchSize: 4, LearningRate: 0.05));
        Assert.Equal(1.0, NeuralTrainer.Accuracy(network, data));
        var linear = MultilayerPerceptron.LogisticRegression(2);
        NeuralTrainer.Train(linear, data, new NeuralTrainingOptions(Epochs: 2000, BatchSize: 4, LearningRate: 0.05));
        Assert.True(NeuralTrainer.Accuracy(linear, data) <= 0.75);
    }

    [Fact]
    public void Wrong_shapes_are_refused()
    {
        var network = new MultilayerPerceptron(3, [2], NeuralTask.Regression);
        var e = Assert.Throws<ArgumentException>(() => network.Predict([1.0, 2.0]));
        Assert.Contains("takes 3 features, not 2", e.Message);
        Assert.Throws<ArgumentException>(() => network.LossAndGradient([1.0, 2.0, 3.0], 0, new double[1], network.CreateWorkspace()));
        var classifier = new MultilayerPerceptron(3, [2], NeuralTask.MulticlassClassification, classes: 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.LossAndGradient([1.0, 2.0, 3.0], 3, new double[classifier.ParameterCount], classifier.CreateWorkspace()));
    }
}
