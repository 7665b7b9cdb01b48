using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class CsvFormatExceptionTests
{
    [Fact]
    public void Message_names_source_line_and_column()
    {
        var error = new CsvFormatException("adult.csv", 17, 4, "unterminated quoted field");

        Assert.Equal("adult.csv, line 17, column 4: unterminated quoted field", error.Message);
        Assert.Equal("adult.csv", error.SourceName);
        Assert.Equal(17, error.Line);
        Assert.Equal(4, error.Column);
        Assert.Equal("unterminated quoted field", error.Reason);
        Assert.IsAssignableFrom<SanitasDataException>(error);
    }

    [Fact]
    public void Message_without_column_or_source()
    {
        Assert.Equal("x.csv, line 1: the file is empty", new CsvFormatException("x.csv", 1, null, "the file is empty").Message);
        Assert.Equal("line 2, column 1: bad", new CsvFormatException("", 2, 1, "bad").Message);
    }
}
