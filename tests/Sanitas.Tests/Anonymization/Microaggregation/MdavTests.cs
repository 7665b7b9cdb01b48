using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Anonymization.Microaggregation;
using Sanitas.Data;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Anonymization.Microaggregation;

public class MdavTests
{
    [Fact]
    public void Groups_a_small_example_as_worked_by_hand()
    {
        // Centroid 11.33; farthest is 22 (10.67 > 10.33), then farthest from 22 is 1; 3 records are left for the last group.
        double[] x = [1, 2, 3, 10, 11, 12, 20, 21, 22];

        var group = Mdav.Partition(x, 9, 1, 3);

        Assert.Equal([1, 1, 1, 2, 2, 2, 0, 0, 0], group);
    }

    [Fact]
    public void Between_2k_and_3k_records_give_one_group_of_k_and_the_rest()
    {
        // 7 points, k = 3: centroid (3, 0.43); the farthest, (10, 0), takes its 2 nearest; 4 remain.
        double[] x = [0, 0, 1, 0, 0, 1, 1, 1, 10, 0, 9, 0, 8, 1];

        var group = Mdav.Partition(x, 7, 2, 3);

        Assert.Equal([1, 1, 1, 1, 0, 0, 0], group);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void On_pima_every_group_has_k_to_2k_minus_1_records_and_means_replace_values(int k)
    {
        var table = CsvReader.Read(SharedData.File("mlbench_PimaIndiansDiabetes.csv"));
        string[] columns = ["age", "mass", "pregnant"];

        var result = Microaggregator.Apply(table, new MicroaggregationOptions { Columns = columns, K = k });

        Assert.InRange(result.SmallestGroup, k, 2 * k - 1);
        Assert.InRange(result.LargestGroup, k, 2 * k - 1);
        // Every released combination is shared by at least k records.
        var combos = Enumerable.Range(0, table.RowCount).GroupBy(i => string.Join('|', columns.Select(c => result.Table[c][i]))).ToList();
        Assert.All(combos, g => Assert.True(g.Count() >= k, $"{g.Key}: {g.Count()}"));
        Assert.True(combos.Count <= table.RowCount / k);
        // Group means keep each column's total.
        foreach (var c in columns)
        {
            var before = Enumerable.Range(0, table.RowCount).Sum(i => double.Parse(table[c][i]!, CultureInfo.InvariantCulture));
            var after = Enumerable.Range(0, table.RowCount).Sum(i => double.Parse(result.Table[c][i]!, CultureInfo.InvariantCulture));
            Assert.Equal(before, after, 0.01 * table.RowCount * 1e-2);
        }
        Assert.InRange(result.InformationLoss, 0.0, 0.5);
    }

    [Fact]
    public void Information_loss_grows_with_k()
    {
        var table = CsvReader.Read(SharedData.File("mlbench_PimaIndiansDiabetes.csv"));
        double Loss(int k) => Microaggregator.Apply(table, new MicroaggregationOptions { Columns = ["age", "mass", "glucose"], K = k }).InformationLoss;

        Assert.True(Loss(3) < Loss(10));
        Assert.True(Loss(10) < Loss(30));
    }

    [Fact]
    public void Strata_keep_groups_apart_and_a_small_stratum_is_refused()
    {
        var table = new Table([
            Column.FromValues("zip", ["1*", "1*", "1*", "2*", "2*", "2*", "2*"]),
            Column.FromValues("age", ["30", "31", "60", "30", "31", "32", "90"]),
        ]);

        var result = Microaggregator.Apply(table, new MicroaggregationOptions { Columns = ["age"], K = 3, Strata = ["zip"] });

        Assert.Equal(["40.3333", "40.3333", "40.3333", "45.75", "45.75", "45.75", "45.75"], Enumerable.Range(0, 7).Select(i => result.Table["age"][i]));
        var error = Assert.Throws<AnonymizationException>(() => Microaggregator.Apply(table, new MicroaggregationOptions { Columns = ["age"], K = 4, Strata = ["zip"] }));
        Assert.Contains("a stratum of zip has 3 records, fewer than k = 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_and_bottom_coding_happen_before_aggregation()
    {
        var table = new Table([Column.FromValues("age", ["17", "25", "26", "27", "95", "99"])]);

        var result = Microaggregator.Apply(table, new MicroaggregationOptions { Columns = ["age"], K = 3, TopCodes = new Dictionary<string, double> { ["age"] = 90 }, BottomCodes = new Dictionary<string, double> { ["age"] = 18 } });

        Assert.Equal(2, result.TopCoded);
        Assert.Equal(1, result.BottomCoded);
        Assert.Equal(["23", "23", "23", "69", "69", "69"], Enumerable.Range(0, 6).Select(i => result.Table["age"][i]));
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_named()
    {
        var table = new Table([Column.FromValues("age", ["17", "", "26"])]);

        var error = Assert.Throws<AnonymizationException>(() => Microaggregator.Apply(table, new MicroaggregationOptions { Columns = ["age"], K = 2 }));

        Assert.Contains("column 'age', row 2", error.Message, StringComparison.Ordinal);
    }
}
