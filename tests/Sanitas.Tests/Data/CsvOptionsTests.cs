using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class CsvOptionsTests
{
    [Fact]
    public void Defaults_detect_the_delimiter_and_infer_types()
    {
        var options = CsvOptions.Default;

        Assert.Null(options.Delimiter);
        Assert.True(options.HasHeader);
        Assert.True(options.InferTypes);
        Assert.Null(options.ColumnTypes);
        Assert.Equal([CsvOptions.IsoDateFormat], options.DateFormats);
        Assert.Null(options.Encoding);
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\n')]
    public void Impossible_delimiter_is_rejected(char delimiter)
    {
        Assert.Throws<InvalidOptionException>(() => CsvReader.Parse(new StringReader("a\n"), "x", new CsvOptions { Delimiter = delimiter }));
    }
}
