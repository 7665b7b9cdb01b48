using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class ColumnTypeInferenceTests
{
    [Theory]
    [InlineData(ColumnType.Integer, "1", "-2", "9223372036854775807")]
    [InlineData(ColumnType.Decimal, "1", "2.5", "-1e-3")]
    [InlineData(ColumnType.Decimal, "9223372036854775808", "1")]
    [InlineData(ColumnType.Date, "2024-02-29", "1999-12-31")]
    [InlineData(ColumnType.Text, "2023-02-29", "2024-01-01")]
    [InlineData(ColumnType.Text, "1,5", "2")]
    [InlineData(ColumnType.Text, "NaN", "1")]
    [InlineData(ColumnType.Text, "Infinity")]
    [InlineData(ColumnType.Text, "1", "x")]
    [InlineData(ColumnType.Text)]
    public void Infers_the_narrowest_type(ColumnType expected, params string[] values)
    {
        Assert.Equal(expected, ColumnTypeInference.Infer(values));
    }

    [Fact]
    public void Ignores_missing_values()
    {
        Assert.Equal(ColumnType.Integer, ColumnTypeInference.Infer(["1", null, "", "3"]));
        Assert.Equal(ColumnType.Text, ColumnTypeInference.Infer([null, ""]));
    }

    [Fact]
    public void Uses_declared_date_formats()
    {
        Assert.Equal(ColumnType.Date, ColumnTypeInference.Infer(["31.12.2024", "2024-01-01"], ["dd.MM.yyyy", "yyyy-MM-dd"]));
        Assert.Equal(ColumnType.Text, ColumnTypeInference.Infer(["31.12.2024"]));
    }

    [Theory]
    [InlineData("12", ColumnType.Integer, true)]
    [InlineData("1.2", ColumnType.Integer, false)]
    [InlineData("1.2", ColumnType.Decimal, true)]
    [InlineData("2024-13-01", ColumnType.Date, false)]
    [InlineData("anything", ColumnType.Text, true)]
    public void Tests_single_values(string value, ColumnType type, bool expected)
    {
        Assert.Equal(expected, ColumnTypeInference.Satisfies(value, type));
    }
}
