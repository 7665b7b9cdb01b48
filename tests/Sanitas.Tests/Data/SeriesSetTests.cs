using Sanitas.Data;
using Sanitas.Samples;

namespace Sanitas.Tests.Data;

public sealed class SeriesSetTests
{
    private static Table Csv(string text) => CsvReader.Parse(new StringReader(text), "readings.csv", new CsvOptions { HasHeader = true });

    private const string Readings = """
        PatientId,Time,Foot,Sensor,Temperature
        7,2024-01-01T10:00,left,heel,30.5
        7,2024-01-01T10:00,right,heel,31.5
        3,2024-01-02T08:00,left,heel,29.0
        7,2024-01-01T06:00,left,heel,28.0
        3,2024-01-02T08:00,right,heel,30.0
        """;

    private static readonly SeriesLayout Layout = new("PatientId", "Time", ["Foot", "Sensor"], "Temperature");

    [Fact]
    public void Long_readings_become_series_per_person_in_time_order_with_missing_channels_as_nan()
    {
        var set = SeriesSet.FromLong(Csv(Readings), Layout);

        Assert.Equal(["left_heel", "right_heel"], set.Channels);
        Assert.Equal(["7", "3"], set.Persons.Select(p => p.Person));
        var seven = set.Persons[0];
        Assert.Equal(["2024-01-01T06:00", "2024-01-01T10:00"], seven.Times);
        Assert.Equal([28.0, 30.5], seven[0]);
        Assert.Equal([double.NaN, 31.5], seven[1]);
        Assert.Equal([28.0, 31.0], seven.MeanOverChannels());
        Assert.Equal([29.5], set.MeanOverChannels().Traces()[1].Value);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_a_data_error_naming_the_column()
    {
        var e = Assert.Throws<SanitasDataException>(() => SeriesSet.FromLong(Csv("PatientId,Time,Foot,Sensor,Temperature\n1,t,left,heel,warm\n"), Layout));

        Assert.Equal("Column 'Temperature' holds 'warm', which is not a number.", e.Message);
    }

    [Fact]
    public void Wide_tables_give_one_series_per_column()
    {
        var set = SeriesSet.FromWide(Csv("time_s,I,II\n0.000,1,4\n0.001,2,5\n0.002,3,6\n"), "time_s");

        Assert.Equal(["I", "II"], set.Persons.Select(p => p.Person));
        Assert.Equal([4.0, 5, 6], set.Persons[1][0]);
        Assert.Equal(["0.000", "0.002"], set.Window(2).Persons[0].Times);
        Assert.Equal([1.5, 3], set.Window(2).Persons[0][0]);
        Assert.Equal([2.0, 3], set.Slice(1, 5).Persons[0][0]);
    }

    [Fact]
    public void Pivot_gives_one_row_per_measurement_with_declared_columns()
    {
        var layout = Layout with { Channels = ["left_heel", "right_heel"], HourColumn = "Hour" };

        Assert.Equal(["PatientId", "Hour", "left_heel", "right_heel"], SeriesPivot.WideColumns(layout));
        var wide = SeriesPivot.ToWide(Csv(Readings), layout, lenient: true);
        Assert.Equal(["PatientId", "Hour", "left_heel", "right_heel"], wide.ColumnNames);
        Assert.Equal(3, wide.RowCount);
        Assert.Equal(["7", "10", "30.5", "31.5"], wide.Columns.Select(c => c[0]));
        Assert.Equal(["7", "6", "28.0", null], wide.Columns.Select(c => c[2]));
    }

    [Fact]
    public void Strict_pivot_names_the_measurement_that_lacks_a_channel()
    {
        var e = Assert.Throws<SanitasDataException>(() => SeriesPivot.ToWide(Csv(Readings), Layout));

        Assert.Equal("Readings: person 7 at 2024-01-01T06:00 has no 'right_heel' reading.", e.Message);
    }

    [Fact]
    public void Strict_pivot_names_a_repeated_reading_by_row()
    {
        var e = Assert.Throws<SanitasDataException>(() => SeriesPivot.ToWide(Csv(Readings + "\n7,2024-01-01T10:00,left,heel,30.6\n"), Layout));

        Assert.Equal("Readings, row 6: person 7 at 2024-01-01T10:00 has two 'left_heel' readings.", e.Message);
    }

    [Fact]
    public void The_trial_layout_declares_eight_insole_channels()
    {
        Assert.Equal(10, ClinicalTrialReadings.MeasurementColumns.Count);
        Assert.Equal("left_hallux", ClinicalTrialReadings.MeasurementColumns[2]);
        Assert.Equal("right_heel", ClinicalTrialReadings.MeasurementColumns[9]);
        var trial = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 5 });
        var measurements = ClinicalTrialReadings.ToMeasurements(trial.Readings);
        Assert.Equal(ClinicalTrialReadings.MeasurementColumns, measurements.ColumnNames);
        Assert.Equal(trial.Readings.RowCount / 8, measurements.RowCount);
    }
}
