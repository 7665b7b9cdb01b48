using Sanitas.Configuration;
using Sanitas.Synthesis;
using Sanitas.Tests.Cli;

namespace Sanitas.Tests.Synthesis;

public sealed class TrialTimeSeriesConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sanitas-synth-ts-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample => Path.Combine(TestData.RepositoryRoot, "samples", "clinical", "trial-readings-synth.yaml");

    private static TrialTimeSeriesConfig Parse(string yaml) => TrialTimeSeriesConfig.Parse(new StringReader(yaml), "ts.yaml");

    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Parse_reads_the_sample_as_the_trials_protocol()
    {
        var o = TrialTimeSeriesConfig.Load(Sample).ToOptions(0.5, 1e-8, 12);
        var d = TrialTimeSeriesConfig.Default.ToOptions(0.5, 1e-8, 12);
        Assert.Equal((0.5, 1e-8, 12), (o.Epsilon, o.Delta, o.Patients));
        Assert.Equal(["PatientId", "Time", "Foot", "Sensor", "Temperature"], TrialTimeSeriesSynthesizer.RequiredColumns(o));
        Assert.Equal(d.Feet, o.Feet);
        Assert.Equal(d.Sensors, o.Sensors);
        Assert.Equal((d.MinTemperature, d.MaxTemperature, d.Baseline), (o.MinTemperature, o.MaxTemperature, o.Baseline));
        Assert.Equal((d.SensorDeviation, d.AsymmetryMax, d.RhythmAmplitude, d.InnovationMax, d.ReadingNoiseMax),
            (o.SensorDeviation, o.AsymmetryMax, o.RhythmAmplitude, o.InnovationMax, o.ReadingNoiseMax));
        Assert.Equal((d.MeasurementsPerDayMax, d.MaxMeasurements, d.HotSpotThreshold, d.HotSpotMax, d.Start, d.EnrolmentDays),
            (o.MeasurementsPerDayMax, o.MaxMeasurements, o.HotSpotThreshold, o.HotSpotMax, o.Start, o.EnrolmentDays));
    }

    [Fact]
    public void Parse_takes_every_key_and_keeps_the_defaults_of_the_others()
    {
        var o = Parse("""
            columns: { patient: Pid, temperature: Celsius }
            sensors: [toe, heel]
            temperature: { min: 15, max: 42 }
            baseline: { min: 25, max: 34 }
            asymmetry: 2
            maxMeasurements: 56
            hotSpot: { threshold: 1.5, max: 4 }
            calendar: { start: 2025-03-01, enrolmentDays: 30 }
            """).ToOptions(1, 1e-9);
        Assert.Equal(["Pid", "Time", "Foot", "Sensor", "Celsius"], TrialTimeSeriesSynthesizer.RequiredColumns(o));
        Assert.Equal(["toe", "heel"], o.Sensors);
        Assert.Equal((15.0, 42.0, (25.0, 34.0), 2.0, 56), (o.MinTemperature, o.MaxTemperature, o.Baseline, o.AsymmetryMax, o.MaxMeasurements));
        Assert.Equal((1.5, 4.0, new DateOnly(2025, 3, 1), 30), (o.HotSpotThreshold, o.HotSpotMax, o.Start, o.EnrolmentDays));
        Assert.Equal(1.5, o.SensorDeviation);
        Assert.Null(o.Patients);
    }

    [Theory]
    [InlineData("feet: [left, right]\nshoe: 42\n", 2, "unknown key 'shoe'")]
    [InlineData("baseline: { min: 33, max: 26 }\n", 1, "'baseline.max' must be above its min (33)")]
    [InlineData("temperature: { min: 20 }\n", 1, "'temperature' needs 'min' and 'max'")]
    [InlineData("columns:\n  patient: PatientId\n  time: PatientId\n", 3, "'time' and 'patient' name the same column 'PatientId'")]
    [InlineData("columns:\n  time: Foot\n", 2, "the five columns must be different")]
    [InlineData("feet: [left, right, middle]\n", 1, "exactly 2 values")]
    [InlineData("sensors: [heel, heel]\n", 1, "'heel' is listed twice")]
    [InlineData("sensors: []\n", 1, "at least one value")]
    [InlineData("\n\nmaxMeasurements: 2\n", 3, "'maxMeasurements' must be between 3 and 100,000, got 2")]
    [InlineData("maxMeasurements: many\n", 1, "'maxMeasurements' must be a whole number")]
    [InlineData("innovationMax: 0\n", 1, "'innovationMax' must be above 0")]
    [InlineData("measurementsPerDayMax: 1\n", 1, "'measurementsPerDayMax' must be above 1")]
    [InlineData("hotSpot:\n  threshold: 6\n", 2, "'hotSpot.max' (5 °C) must be above 'hotSpot.threshold' (6 °C)")]
    [InlineData("calendar: { start: 8 Jan 2024 }\n", 1, "'calendar.start' must be a date (yyyy-MM-dd)")]
    [InlineData("- a list\n", 1, "must be a mapping")]
    public void Parse_refuses_a_bad_setting_naming_its_line(string yaml, int line, string reason)
    {
        var e = Refused(yaml);
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith($"ts.yaml, line {line},", e.Message);
    }

    [Fact]
    public void CheckColumns_points_at_the_declaration_of_the_missing_column()
    {
        var config = Parse("feet: [left, right]\ncolumns:\n  patient: PatientId\n  temperature: Temp\n");
        var e = Assert.Throws<ConfigException>(() => config.CheckColumns(["PatientId", "Time", "Foot", "Sensor", "Temperature"], "readings.csv"));
        Assert.Equal(4, e.Line);
        Assert.Contains("the temperature column 'Temp' is not in readings.csv; its columns are: PatientId, Time, Foot, Sensor, Temperature.", e.Message);
        // A default column: the error says so and points at 'columns' (or line 1 without it).
        e = Assert.Throws<ConfigException>(() => config.CheckColumns(["PatientId", "When", "Foot", "Sensor", "Temp"], "readings.csv"));
        Assert.Equal(2, e.Line);
        Assert.Contains("the time column 'Time' (the default) is not in readings.csv", e.Message);
        config.CheckColumns(["PatientId", "Time", "Foot", "Sensor", "Temp", "Extra"], "readings.csv");
    }

    [Fact]
    public void CheckPerson_refuses_a_patient_column_that_is_not_the_person()
    {
        var config = Parse("columns:\n  time: Time\n  patient: Visit\n");
        var e = Assert.Throws<ConfigException>(() => config.CheckPerson("PatientId", "the metadata's table 'Readings'"));
        Assert.Equal(3, e.Line);
        Assert.Contains("the patient column is 'Visit', but the metadata's table 'Readings' declares the person as 'PatientId': declare `patient: PatientId`", e.Message);
        Parse("columns:\n  patient: PatientId\n").CheckPerson("PatientId", "the metadata");
    }

    [Fact]
    public void The_cli_synthesizes_with_the_settings_file_and_refuses_a_bad_one_with_its_place()
    {
        var input = Path.Combine(_dir, "readings.csv");
        File.WriteAllText(input, "Pid,Time,Foot,Sensor,Temperature\n1,2024-01-08T08:00:00,left,hallux,30.1\n1,2024-01-08T08:00:00,right,hallux,30.4\n");
        var config = Path.Combine(_dir, "ts.yaml");
        File.WriteAllText(config, "columns: { patient: Pid }\nsensors: [hallux]\nmaxMeasurements: 10\n");
        var output = Path.Combine(_dir, "syn.csv");
        var (code, stdout, error) = CliRunner.Run("synth", "timeseries", "--input", input, "--config", config, "--epsilon", "1", "--patients", "3",
            "--out", output, "--no-ledger");
        Assert.True(code == 0, error);
        Assert.Contains("3 synthetic patients", stdout);
        var lines = File.ReadAllLines(output);
        Assert.Equal("Pid,Time,Foot,Sensor,Temperature", lines[0]);
        // One sensor, two feet, at most 10 measurements for each of 3 patients.
        Assert.All(lines.Skip(1), l => Assert.Contains(",hallux,", l));
        Assert.InRange(lines.Length - 1, 3 * 2 * 2, 3 * 10 * 2);
        File.WriteAllText(config, "columns: { patient: Pid }\nbaseline: { min: 34, max: 26 }\n");
        File.Delete(output);
        (code, _, error) = CliRunner.Run("synth", "timeseries", "--input", input, "--config", config, "--epsilon", "1", "--out", output, "--no-ledger");
        Assert.Equal(2, code);
        Assert.Contains("ts.yaml, line 2", error);
        Assert.False(File.Exists(output));
    }
}
