using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Synthesis;

namespace Sanitas.Tests.Synthesis;

public sealed class PersonBoundingTests
{
    private static SynthesisConfig Config(string unitLine) => SynthesisConfig.Parse(new StringReader($$"""
        {{unitLine}}
        columns:
          test: [A, B, C]
          value: { type: integer, min: 0, max: 9, bins: 10 }
        """), "labs.yaml");

    private static Table Labs() => new(
    [
        Column.FromValues("PatientId", ["1", "1", "1", "2", null, null, "3", "2"]),
        Column.FromValues("test", ["A", "B", "C", "A", "B", "B", "C", "C"]),
        Column.FromValues("value", ["1", "2", "3", "4", "5", "6", "7", "8"]),
    ]);

    [Fact]
    public void With_a_unit_each_person_contributes_only_their_first_row()
    {
        var encoded = EncodedTable.Encode(Labs(), Config("unit: PatientId"));
        // Patients 1, 2, 3 once each (first rows), and the two rows without an id as one person each.
        Assert.Equal(5, encoded.Rows);
        Assert.Equal([1, 4, 5, 6, 7], encoded.Codes[1]);
        // Removing patient 1 (all three rows) changes the kept rows by exactly one.
        var without = new Table([.. Labs().Columns.Select(c => Column.FromValues(c.Name, Enumerable.Range(0, 8).Where(r => Labs()["PatientId"][r] != "1").Select(r => c[r])))]);
        Assert.Equal(4, EncodedTable.Encode(without, Config("unit: PatientId")).Rows);
        // Without a unit every row is a person.
        Assert.Equal(8, EncodedTable.Encode(Labs(), Config("")).Rows);
    }

    [Fact]
    public void A_unit_missing_from_the_input_or_also_synthesized_is_a_config_error_before_the_charge()
    {
        var missing = Assert.Throws<ConfigException>(() => Config("unit: Person").CheckColumns(["PatientId", "test", "value"], "labs.csv"));
        Assert.Contains("labs.yaml, line 1", missing.Message);
        Assert.Contains("the unit column 'Person' is not in labs.csv", missing.Message);
        var twice = Assert.Throws<ConfigException>(() => Config("unit: test"));
        Assert.Contains("cannot also be synthesized", twice.Message);
    }

    [Fact]
    public void A_unit_table_synthesizes_and_the_synthetic_table_has_no_unit_column()
    {
        var result = Synthesizer.Synthesize(Labs(), Config("unit: PatientId"),
            new SynthesisOptions { Mechanism = "mst", Epsilon = 5, Delta = 1e-6, Iterations = 50, Rows = 20 }, new SeededRandomForTests(4));
        Assert.Equal(["test", "value"], result.Synthetic.ColumnNames);
        Assert.Equal(20, result.Synthetic.RowCount);
    }
}
