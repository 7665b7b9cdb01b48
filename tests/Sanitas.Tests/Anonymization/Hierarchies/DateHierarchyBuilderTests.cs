using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class DateHierarchyBuilderTests
{
    [Fact]
    public void Build_default_levels_month_year_decade()
    {
        var builder = new DateHierarchyBuilder();

        var h = builder.Build(["1987-03-14", "1990-12-31", "1987-03-14"]);

        Assert.Equal([DateGranularity.Month, DateGranularity.Year, DateGranularity.Decade], builder.Levels);
        Assert.Equal(5, h.LevelCount);
        Assert.Equal(2, h.Rows.Count);
        Assert.Equal(["1987-03-14", "1987-03", "1987", "1980-1989", "*"], h.Rows[0]);
        Assert.Equal(["1990-12-31", "1990-12", "1990", "1990-1999", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_quarter_and_day_from_another_format()
    {
        var builder = new DateHierarchyBuilder([DateGranularity.Day, DateGranularity.Quarter, DateGranularity.Year])
        {
            Format = "dd.MM.yyyy HH:mm",
        };

        var h = builder.Build(["14.03.1987 10:30", "01.10.2001 00:00"]);

        Assert.Equal(["14.03.1987 10:30", "1987-03-14", "1987-Q1", "1987", "*"], h.Rows[0]);
        Assert.Equal(["01.10.2001 00:00", "2001-10-01", "2001-Q4", "2001", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_iso_week_uses_the_week_year()
    {
        var h = new DateHierarchyBuilder([DateGranularity.Week]).Build(["2021-01-03", "2021-01-04", "2019-12-30"]);

        Assert.Equal("2020-W53", h.Generalize("2021-01-03", 1));
        Assert.Equal("2021-W01", h.Generalize("2021-01-04", 1));
        Assert.Equal("2020-W01", h.Generalize("2019-12-30", 1));
    }

    [Fact]
    public void Build_missing_values_get_an_empty_row()
    {
        var h = new DateHierarchyBuilder().Build(["2000-01-01", null]);

        Assert.Equal(["", "", "", "", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_rejects_bad_dates_naming_them()
    {
        var e = Assert.Throws<HierarchyException>(() => new DateHierarchyBuilder().Build(["2020-01-31", "2020-13-01", "2020-02-30", "31.01.2020"]));

        Assert.Equal("Date hierarchy: 3 values are not a date in the format 'yyyy-MM-dd': '2020-13-01', '2020-02-30', '31.01.2020'.", e.Message);
    }

    [Fact]
    public void Constructor_rejects_levels_that_do_not_get_coarser()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new DateHierarchyBuilder([DateGranularity.Year, DateGranularity.Month]));
        Assert.StartsWith("Date levels must get coarser: Month cannot follow Year.", e.Message);
    }

    [Fact]
    public void Constructor_rejects_levels_after_week()
    {
        var e = Assert.Throws<InvalidOptionException>(() => new DateHierarchyBuilder([DateGranularity.Week, DateGranularity.Year]));
        Assert.StartsWith("Weeks straddle months and years, so Year cannot follow Week", e.Message);
    }
}
