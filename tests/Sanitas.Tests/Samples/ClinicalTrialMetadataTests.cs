using Sanitas.Samples;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Tests.Samples;

public sealed class ClinicalTrialMetadataTests
{
    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    [Fact]
    public void Declares_privacy_unit_bounds_and_public_keys_per_table()
    {
        var yaml = ClinicalTrialMetadata.ToYaml(new ClinicalTrialOptions());
        var root = Parse(yaml);

        Assert.StartsWith("# Differential-privacy metadata for the smart-insole trial database.", yaml, StringComparison.Ordinal);
        Assert.Equal(["Patients", "Comorbidities", "Readings"], ((YamlMappingNode)At(root, "tables")).Children.Keys.Select(k => k.ToString()));
        foreach (var table in new[] { "Patients", "Comorbidities", "Readings" })
        {
            Assert.Equal("PatientId", At(root, "tables", table, "privacyUnit").ToString());
        }
        Assert.Equal("1", At(root, "tables", "Patients", "maxRowsPerUnit").ToString());
        Assert.Equal("6", At(root, "tables", "Comorbidities", "maxRowsPerUnit").ToString());
        Assert.Equal("1424", At(root, "tables", "Readings", "maxRowsPerUnit").ToString());
        Assert.Equal("true", At(root, "tables", "Patients", "columns", "PatientId", "privacyUnit").ToString());
        Assert.Equal("18", At(root, "tables", "Patients", "columns", "Age", "lower").ToString());
        Assert.Equal("100", At(root, "tables", "Patients", "columns", "Age", "upper").ToString());
        Assert.Equal("20.0", At(root, "tables", "Readings", "columns", "Temperature", "lower").ToString());
        Assert.Equal("40.0", At(root, "tables", "Readings", "columns", "Temperature", "upper").ToString());
        Assert.Equal(ClinicalTrial.Sensors, ((YamlSequenceNode)At(root, "tables", "Readings", "columns", "Sensor", "public")).Select(n => n.ToString()));
        Assert.Equal(ClinicalTrial.Conditions, ((YamlSequenceNode)At(root, "tables", "Patients", "columns", "Disease", "public")).Select(n => n.ToString()));
        Assert.Equal(ClinicalTrial.Conditions, ((YamlSequenceNode)At(root, "tables", "Comorbidities", "columns", "Comorbidity", "public")).Select(n => n.ToString()));
        Assert.Equal("timestamp", At(root, "tables", "Readings", "columns", "Time", "type").ToString());
    }

    [Fact]
    public void Declared_bounds_hold_for_the_simulated_data()
    {
        var trial = TrialAnalysis.Full;
        var perPatient = Enumerable.Range(0, trial.Comorbidities.RowCount).GroupBy(r => trial.Comorbidities["PatientId"][r]).Max(g => g.Count());
        Assert.InRange(perPatient, 1, ClinicalTrialMetadata.MaxComorbiditiesPerPatient);
        Assert.Equal(1424, Parse(ClinicalTrialMetadata.ToYaml(trial.Options)) is { } root
            ? int.Parse(At(root, "tables", "Readings", "maxRowsPerUnit").ToString(), System.Globalization.CultureInfo.InvariantCulture)
            : 0);
    }
}
