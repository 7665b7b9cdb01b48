using System.Text.Json;
using Sanitas.Anonymization;
using Sanitas.Data;
using Sanitas.Tests.Data;

namespace Sanitas.Tests.Anonymization.Configuration;

public class AnonymizationReportTests
{
    private static (AnonymizationResult Result, AnonymizationConfig Config) Small()
    {
        var table = new Table(
        [
            Column.FromValues("zip", ["47677", "47678", "47602", "47605", "47609", "47611"]),
            Column.FromValues("age", ["29", "22", "27", "43", "52", "47"]),
            Column.FromValues("disease", ["Ulcer", "Gait", "Ulcer", "Gait", "Fasciitis", "Ulcer"]),
        ]);
        var config = new AnonymizationConfig
        {
            Attributes = new Dictionary<string, AttributeSettings>
            {
                ["age"] = new(AttributeRole.QuasiIdentifying, new IntervalHierarchyBuilder([10, 20]).Build(table["age"].Dictionary)),
                ["zip"] = new(AttributeRole.QuasiIdentifying, new MaskingHierarchyBuilder().Build(table["zip"].Dictionary)),
                ["disease"] = new(AttributeRole.Sensitive),
            },
            Models = [new KAnonymity(2), new DistinctLDiversity("disease", 2)],
            Search = SearchMode.Optimal,
        };
        return (Anonymizer.Anonymize(table, config), config);
    }

    [Fact]
    public void Report_carries_the_result_in_camel_case_json()
    {
        var (result, config) = Small();
        var report = AnonymizationReport.Create(result, config, "in.csv", "out.csv");
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal("in.csv", root.GetProperty("input").GetString());
        Assert.Equal("out.csv", root.GetProperty("output").GetString());
        Assert.Equal(6, root.GetProperty("records").GetInt32());
        Assert.Equal(["zip", "age"], root.GetProperty("transformation").EnumerateObject().Select(p => p.Name));
        Assert.Equal(result.Levels, root.GetProperty("transformation").EnumerateObject().Select(p => p.Value.GetInt32()));
        Assert.Equal(result.SuppressedRecords, root.GetProperty("suppressedRecords").GetInt32());
        Assert.Equal("non-uniform-entropy", root.GetProperty("informationLoss").GetProperty("metric").GetString());
        Assert.Equal(result.InformationLoss, root.GetProperty("informationLoss").GetProperty("value").GetDouble());
        Assert.Equal(result.EquivalenceClasses, root.GetProperty("equivalenceClasses").GetInt32());
        Assert.Equal(result.SmallestClass, root.GetProperty("smallestClass").GetInt32());
        Assert.Equal(result.NodesChecked, root.GetProperty("nodesChecked").GetInt32());
        Assert.Equal(result.LatticeSize, root.GetProperty("latticeSize").GetInt64());
        Assert.True(root.GetProperty("optimal").GetBoolean());
        Assert.True(root.GetProperty("elapsedMilliseconds").GetInt64() >= 0);
        Assert.Equal(["2-anonymity", "distinct 2-diversity of disease"], root.GetProperty("privacyModels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Enum.GetValues<UtilityMetric>().Select(Anonymizer.MetricName), root.GetProperty("utility").EnumerateObject().Select(p => p.Name));
        Assert.Contains("\n  \"records\": 6", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_round_trips_and_is_written_atomically()
    {
        var (result, config) = Small();
        var report = AnonymizationReport.Create(result, config);
        using var folder = new TempFolder();
        var path = folder.File("report.json");
        File.WriteAllText(path, "old");
        report.Write(path);
        Assert.Equal(["report.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        var back = AnonymizationReport.FromJson(File.ReadAllText(path));
        Assert.Equal(report.Transformation, back.Transformation);
        Assert.Equal(report.InformationLoss, back.InformationLoss);
        Assert.Equal(report.PrivacyModels, back.PrivacyModels);
        Assert.Null(back.Input);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Models_are_described_by_their_parameters(PrivacyModel model, string expected) =>
        Assert.Equal(expected, AnonymizationReport.Describe(model));

    public static readonly TheoryData<PrivacyModel, string> Models = new()
    {
        { new KAnonymity(5), "5-anonymity" },
        { new DistinctLDiversity("occupation", 3), "distinct 3-diversity of occupation" },
        { new EntropyLDiversity("occupation", 3, EntropyEstimator.Grassberger), "entropy 3-diversity of occupation (grassberger)" },
        { new RecursiveCLDiversity("occupation", 4, 3), "recursive (4,3)-diversity of occupation" },
        { new EqualDistanceTCloseness("occupation", 0.2), "0.2-closeness of occupation (equal distance)" },
        { new OrderedDistanceTCloseness("age", 0.2), "0.2-closeness of age (ordered distance)" },
    };
}
