using Sanitas.Learning.Neural;

namespace Sanitas.Tests.Learning.Neural;

public class NeuralDatasetTests
{
    [Fact]
    public void Rows_are_grouped_by_person()
    {
        var data = new NeuralDataset([1, 2, 3, 4, 5], 1, [0, 1, 0, 1, 0], units: [7, 9, 7, 8, 9]);
        Assert.Equal(3, data.PersonCount);
        Assert.True(data.HasUnits);
        Assert.Equal([0, 2], data.PersonRows(0).ToArray());
        Assert.Equal([1, 4], data.PersonRows(1).ToArray());
        Assert.Equal([3], data.PersonRows(2).ToArray());
    }

    [Fact]
    public void Without_units_each_row_is_a_person()
    {
        var data = new NeuralDataset([1, 2, 3], 1, [0, 1, 0]);
        Assert.Equal(3, data.PersonCount);
        Assert.False(data.HasUnits);
        Assert.Equal([1], data.PersonRows(1).ToArray());
    }

    [Fact]
    public void Non_finite_values_name_the_row()
    {
        var e = Assert.Throws<ArgumentException>(() => new NeuralDataset([1, double.NaN, 3, 4], 2, [0, 1]));
        Assert.Contains("Row 1, feature 2", e.Message);
    }

    [Fact]
    public void Pima_reads_with_text_classes()
    {
        var data = Pima.Load();
        Assert.Equal(768, data.Count);
        Assert.Equal(8, data.FeatureCount);
        Assert.Equal(268, Enumerable.Range(0, data.Count).Count(r => data.Target(r) == 1)); // 268 pos, 500 neg
    }
}
