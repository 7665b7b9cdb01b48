using Sanitas.Learning.Neural;

namespace Sanitas.Tests.Learning.Neural;

public class FeatureScalerTests
{
    [Fact]
    public void Declared_bounds_map_to_minus_one_one_and_clamp()
    {
        var scaler = FeatureScaler.FromBounds([0, -10], [100, 10]);
        var scaled = new double[2];
        scaler.Transform([50, 10], scaled);
        Assert.Equal([0.0, 1.0], scaled);
        scaler.Transform([250, -99], scaled);
        Assert.Equal([1.0, -1.0], scaled);
        Assert.True(scaler.FromDeclaredBounds);
    }

    [Fact]
    public void Standardization_gives_mean_zero_and_unit_deviation()
    {
        var data = new NeuralDataset([1, 10, 2, 20, 3, 30, 4, 40], 2, [0, 1, 0, 1]);
        var scaled = data.Scaled(FeatureScaler.StandardizeFromData(data));
        for (var j = 0; j < 2; j++)
        {
            var column = Enumerable.Range(0, 4).Select(r => scaled.Features(r)[j]).ToArray();
            Assert.Equal(0, column.Average(), 12);
            Assert.Equal(1, Math.Sqrt(column.Select(v => v * v).Average()), 12);
        }
    }

    [Fact]
    public void Bad_bounds_name_the_feature()
    {
        var e = Assert.Throws<ArgumentException>(() => FeatureScaler.FromBounds([0, 5], [1, 5]));
        Assert.Contains("Feature 2", e.Message);
    }
}
