using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class ColumnValuesTests
{
    [Fact]
    public void Numbers_become_doubles_with_nan_for_missing()
    {
        var column = Column.FromValues("x", ["1", null, "2.5", "1", "-1e2"], ColumnType.Decimal);

        var values = ColumnValues.ToDoubles(column);

        Assert.Equal([1, double.NaN, 2.5, 1, -100], values);
    }

    [Fact]
    public void Integers_become_doubles()
    {
        var column = CsvReader.Parse(new StringReader("age\n39\n\n50\n"), "t", new CsvOptions { HasHeader = true }).Columns[0];

        Assert.Equal([39, 50], ColumnValues.ToDoubles(column));
    }

    [Fact]
    public void Dates_become_date_only()
    {
        var column = Column.FromValues("d", ["2024-02-29", null], ColumnType.Date);

        Assert.Equal([new DateOnly(2024, 2, 29), null], ColumnValues.ToDates(column));
    }

    [Fact]
    public void Dates_in_declared_formats()
    {
        var column = Column.FromValues("d", ["29.02.2024"], ColumnType.Date);

        Assert.Equal([new DateOnly(2024, 2, 29)], ColumnValues.ToDates(column, ["dd.MM.yyyy"]));
        Assert.Throws<SanitasDataException>(() => ColumnValues.ToDates(column));
    }

    [Fact]
    public void Wrong_column_type_is_rejected()
    {
        var text = Column.FromValues("t", ["1"]);

        Assert.Throws<ArgumentException>(() => ColumnValues.ToDoubles(text));
        Assert.Throws<ArgumentException>(() => ColumnValues.ToDates(text));
    }

    [Fact]
    public void Value_not_fitting_the_column_type_is_an_error()
    {
        var column = Column.FromValues("n", ["1", "one"], ColumnType.Integer);

        var error = Assert.Throws<SanitasDataException>(() => ColumnValues.ToDoubles(column));

        Assert.Equal("Column 'n' is Integer, but 'one' is not a number.", error.Message);
    }
}
