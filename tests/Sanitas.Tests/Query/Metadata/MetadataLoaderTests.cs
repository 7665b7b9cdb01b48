using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Query;

namespace Sanitas.Tests.Query.Metadata;

public class MetadataLoaderTests
{
    private const string Trial = """
        tables:
          Patients:
            privacyUnit: PatientId
            maxRowsPerUnit: 1
            columns:
              PatientId:    { type: integer, privacyUnit: true }
              Age:          { type: integer, lower: 18, upper: 100 }
              Sex:          { type: text, public: [male, female] }
              DiabetesType: { type: integer, public: [1, 2] }
          Readings:
            privacyUnit: PatientId
            maxRowsPerUnit: 1424
            maxGroupsPerUnit: 4
            columns:
              Temperature: { type: real, lower: 20.0, upper: 40.0 }
              Time:        { type: timestamp }
        """;

    private static DatabaseMetadata Parse(string yaml) => MetadataLoader.Parse(new StringReader(yaml), "trial.yaml");

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Reads_tables_units_bounds_and_public_values()
    {
        var metadata = Parse(Trial);
        var patients = metadata.Table("patients");
        Assert.NotNull(patients);
        Assert.Equal("PatientId", patients.PrivacyUnit);
        Assert.Equal(1, patients.MaxRowsPerUnit);
        Assert.Equal(1, patients.MaxGroupsPerUnit);
        var age = patients.Column("AGE")!;
        Assert.Equal(ColumnKind.Integer, age.Kind);
        Assert.Equal(18, age.Lower);
        Assert.Equal(100, age.Upper);
        Assert.True(age.HasBounds);
        Assert.Equal(["male", "female"], patients.Column("Sex")!.PublicValues);
        Assert.Null(age.PublicValues);
        Assert.True(patients.Column("PatientId")!.IsPrivacyUnit);

        var readings = metadata.Table("Readings")!;
        Assert.Equal(1424, readings.MaxRowsPerUnit);
        Assert.Equal(4, readings.MaxGroupsPerUnit);
        Assert.Equal(ColumnKind.Real, readings.Column("Temperature")!.Kind);
        Assert.True(readings.Column("PatientId")!.IsPrivacyUnit);
    }

    [Theory]
    [InlineData("tables:\n  T:\n    maxRowsPerUnit: 1\n", 2, 3, "table 'T' declares no privacyUnit")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n", 2, 3, "table 'T' declares no maxRowsPerUnit")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 0\n", 4, 21, "maxRowsPerUnit must be at least 1, got 0")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    colums: {}\n", 5, 5, "unknown key 'colums' in table 'T'")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Age: { type: integer, lower: 90, upper: 18 }\n", 6, 36, "lower bound 90 is above upper bound 18")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Sex: { type: text, lower: 0, upper: 1 }\n", 6, 33, "only integer and real columns take bounds")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Age: { type: integer, lower: 18 }\n", 6, 12, "declares only one bound")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Age: { type: number }\n", 6, 20, "number")]
    [InlineData("tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Age: { lower: 1, upper: 2 }\n", 6, 12, "declares no type")]
    [InlineData("tables: {}\n", 1, 1, "declares no table")]
    public void Errors_name_line_and_column(string yaml, int line, int column, string message)
    {
        var error = Fails(yaml);
        Assert.Contains(message, error.Message);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"trial.yaml, line {line}, column {column}: ", error.Message);
    }

    [Fact]
    public void Malformed_yaml_names_its_place()
    {
        var error = Fails("tables:\n  T: { privacyUnit: Id\n");
        Assert.Equal("trial.yaml", error.SourceName);
        Assert.True(error.Line >= 2);
    }

    [Theory]
    [InlineData("real", "NaN", "not a finite number")]
    [InlineData("real", "Infinity", "not a finite number")]
    [InlineData("integer", "two", "not a finite integer")]
    public void Public_values_of_numeric_columns_must_be_finite_numbers(string type, string value, string message)
    {
        var error = Fails($"tables:\n  T:\n    privacyUnit: Id\n    maxRowsPerUnit: 1\n    columns:\n      Id: {{ type: integer, privacyUnit: true }}\n      X: {{ type: {type}, public: [1, {value}] }}\n");
        Assert.Contains($"the public value '{value}' is {message}", error.Message);
        Assert.Equal(7, error.Line);
    }
}
