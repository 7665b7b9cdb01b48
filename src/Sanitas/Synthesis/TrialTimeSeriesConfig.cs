using System.Globalization;
using Sanitas.Configuration;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Synthesis;

/// <summary>
/// The declared settings of the trial time-series generator (TRIAL-READINGS.yaml): the readings
/// table's columns, its feet and sensors, and the public bounds every patient's contribution is
/// clamped to — everything of <see cref="TrialTimeSeriesOptions"/> except the privacy cost and the
/// number of synthetic patients, which the analyst chooses per run. Every key is optional (its
/// default is <see cref="TrialTimeSeriesOptions"/>'s); nothing in it is read from the data.
/// </summary>
/// <example>
/// <code>
/// columns: { patient: PatientId, time: Time, foot: Foot, sensor: Sensor, temperature: Temperature }
/// feet: [left, right]
/// sensors: [hallux, metatarsal1, metatarsal5, heel]
/// temperature: { min: 20, max: 40 }
/// baseline: { min: 26, max: 33 }
/// maxMeasurements: 200
/// hotSpot: { threshold: 1, max: 5 }
/// calendar: { start: 2024-01-08, enrolmentDays: 180 }
/// </code>
/// </example>
public sealed class TrialTimeSeriesConfig
{
    private static readonly string[] RootKeys =
    [
        "columns", "feet", "sensors", "temperature", "baseline", "sensorDeviation", "asymmetry", "rhythmAmplitude",
        "innovationMax", "readingNoiseMax", "measurementsPerDayMax", "maxMeasurements", "hotSpot", "calendar",
    ];

    private static readonly string[] ColumnKeys = ["patient", "time", "foot", "sensor", "temperature"];

    /// <summary>The declared settings, with a placeholder cost (replaced by <see cref="ToOptions"/>).</summary>
    private readonly TrialTimeSeriesOptions _settings;

    /// <summary>Where each key was declared, for errors about the input table and the person.</summary>
    private readonly IReadOnlyDictionary<string, (int Line, int Column)> _places;

    private TrialTimeSeriesConfig(TrialTimeSeriesOptions settings, IReadOnlyDictionary<string, (int Line, int Column)> places, string sourceName)
    {
        _settings = settings;
        _places = places;
        SourceName = sourceName;
    }

    /// <summary>The file (or text) the settings came from, for messages.</summary>
    public string SourceName { get; }

    /// <summary>The person column (the privacy unit): all of a patient's readings are one contribution.</summary>
    public string PatientColumn => _settings.PatientColumn;

    /// <summary>The most measurements a patient contributes and a synthetic patient gets.</summary>
    public int MaxMeasurements => _settings.MaxMeasurements;

    /// <summary>The readings one measurement holds (two feet times the sensors).</summary>
    public int ReadingsPerMeasurement => _settings.Feet.Count * _settings.Sensors.Count;

    /// <summary>The columns the readings table must have, in the config's order (patient, time, foot, sensor, temperature).</summary>
    public IReadOnlyList<string> Columns => TrialTimeSeriesSynthesizer.RequiredColumns(_settings);

    /// <summary>The settings of <see cref="TrialTimeSeriesOptions"/>' defaults (the trial's protocol).</summary>
    public static TrialTimeSeriesConfig Default { get; } = new(new TrialTimeSeriesOptions { Epsilon = 1, Delta = 1e-9 }, new Dictionary<string, (int, int)>(), "");

    /// <summary>Reads a settings file.</summary>
    /// <exception cref="ConfigException">The file is invalid; the message names line and column.</exception>
    public static TrialTimeSeriesConfig Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>Parses settings text.</summary>
    /// <exception cref="ConfigException">The text is invalid; the message names the key's line and column.</exception>
    public static TrialTimeSeriesConfig Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var root = YamlConfigLoader.LoadRoot(reader, sourceName);
        var read = new ConfigReader(sourceName);
        var o = new TrialTimeSeriesOptions { Epsilon = 1, Delta = 1e-9 };
        var places = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in read.Entries(root, "the time-series settings", RootKeys))
        {
            places[key] = Place(keyNode);
            o = key switch
            {
                "columns" => ReadColumns(read, value, o, places),
                "feet" => o with { Feet = Names(read, value, "feet", exactly: 2) },
                "sensors" => o with { Sensors = Names(read, value, "sensors", exactly: null) },
                "temperature" => Range(read, value, "temperature") is var (lo, hi) ? o with { MinTemperature = lo, MaxTemperature = hi } : o,
                "baseline" => o with { Baseline = Range(read, value, "baseline") },
                "sensorDeviation" => o with { SensorDeviation = Positive(read, value, key) },
                "asymmetry" => o with { AsymmetryMax = Positive(read, value, key) },
                "rhythmAmplitude" => o with { RhythmAmplitude = Positive(read, value, key) },
                "innovationMax" => o with { InnovationMax = Positive(read, value, key) },
                "readingNoiseMax" => o with { ReadingNoiseMax = Positive(read, value, key) },
                "measurementsPerDayMax" => o with { MeasurementsPerDayMax = AtLeast(read, value, key, 1, strictly: true) },
                "maxMeasurements" => o with { MaxMeasurements = Whole(read, value, key, 3, 100_000) },
                "hotSpot" => ReadHotSpot(read, value, o),
                _ => ReadCalendar(read, value, o),
            };
        }
        // The library's own check, so that nothing this reader accepts is refused later.
        TrialTimeSeriesSynthesizer.Validate(o);
        return new TrialTimeSeriesConfig(o, places, sourceName);
    }

    /// <summary>The generator's options: these settings with the analyst's cost and number of synthetic patients.</summary>
    /// <param name="epsilon">ε per patient.</param>
    /// <param name="delta">δ.</param>
    /// <param name="patients">Synthetic patients, or null for the DP estimate of the input's.</param>
    public TrialTimeSeriesOptions ToOptions(double epsilon, double delta, int? patients = null) =>
        _settings with { Epsilon = epsilon, Delta = delta, Patients = patients };

    /// <summary>
    /// Checks that the readings table's header has every declared column (metadata only, before any
    /// charge); the error points at the column's declaration.
    /// </summary>
    /// <param name="header">The readings table's column names.</param>
    /// <param name="inputName">The readings table's name, for the message.</param>
    /// <exception cref="ConfigException">A column is missing from the header.</exception>
    public void CheckColumns(IReadOnlyCollection<string> header, string inputName)
    {
        ArgumentNullException.ThrowIfNull(header);
        for (var i = 0; i < ColumnKeys.Length; i++)
        {
            var column = Columns[i];
            if (!header.Contains(column))
            {
                throw Error($"columns.{ColumnKeys[i]}",
                    $"the {ColumnKeys[i]} column '{column}'{(_places.ContainsKey($"columns.{ColumnKeys[i]}") ? "" : " (the default)")} is not in {inputName}; its columns are: {string.Join(", ", header)}.");
            }
        }
    }

    /// <summary>
    /// Checks that the declared patient column is the data's person (the privacy unit the dataset's
    /// metadata declares), so that the per-patient guarantee is per person; the error points at the
    /// patient column's declaration.
    /// </summary>
    /// <param name="privacyUnit">The person column the data's metadata declares.</param>
    /// <param name="declaredBy">Who declares it, for the message (e.g. "the metadata's table 'Readings'").</param>
    /// <exception cref="ConfigException">The patient column is another column.</exception>
    public void CheckPerson(string privacyUnit, string declaredBy)
    {
        ArgumentNullException.ThrowIfNull(privacyUnit);
        if (!string.Equals(PatientColumn, privacyUnit, StringComparison.Ordinal))
        {
            throw Error("columns.patient",
                $"the patient column is '{PatientColumn}', but {declaredBy} declares the person as '{privacyUnit}': declare `patient: {privacyUnit}` under 'columns', so that the guarantee is per person.");
        }
    }

    private ConfigException Error(string key, string reason)
    {
        var (line, column) = _places.TryGetValue(key, out var p) ? p : _places.TryGetValue(key.Split('.')[0], out var q) ? q : (1, 1);
        return new ConfigException(SourceName, line, column, reason);
    }

    private static (int, int) Place(YamlNode node) => (Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column));

    private static TrialTimeSeriesOptions ReadColumns(ConfigReader read, YamlNode node, TrialTimeSeriesOptions o, Dictionary<string, (int, int)> places)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in read.Entries(node, "'columns'", ColumnKeys))
        {
            places[$"columns.{key}"] = Place(keyNode);
            var name = read.String(value, key);
            if (seen.TryGetValue(name, out var other))
            {
                throw read.Error(value, $"'{key}' and '{other}' name the same column '{name}'.");
            }
            seen[name] = key;
            o = key switch
            {
                "patient" => o with { PatientColumn = name },
                "time" => o with { TimeColumn = name },
                "foot" => o with { FootColumn = name },
                "sensor" => o with { SensorColumn = name },
                _ => o with { TemperatureColumn = name },
            };
        }
        // A default column may coincide with a declared one (e.g. 'time: Foot'): refused the same way.
        var all = TrialTimeSeriesSynthesizer.RequiredColumns(o);
        if (all.Distinct(StringComparer.Ordinal).Count() != all.Count)
        {
            throw read.Error(node, $"the five columns must be different, got {string.Join(", ", ColumnKeys.Select((k, i) => $"{k}: {all[i]}"))}.");
        }
        return o;
    }

    private static string[] Names(ConfigReader read, YamlNode node, string key, int? exactly)
    {
        var list = read.Sequence(node, key);
        var names = new List<string>();
        foreach (var item in list.Children)
        {
            var name = read.String(item, key);
            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw read.Error(item, $"'{name}' is listed twice in '{key}'.");
            }
            names.Add(name);
        }
        if (exactly is { } n && names.Count != n)
        {
            throw read.Error(list, $"'{key}' must list exactly {n} values (left first), got {names.Count}.");
        }
        if (names.Count == 0)
        {
            throw read.Error(list, $"'{key}' must list at least one value.");
        }
        return [.. names];
    }

    private static (double Low, double High) Range(ConfigReader read, YamlNode node, string key)
    {
        var entries = read.Entries(node, $"'{key}'", ["min", "max"]).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var min = read.Double(entries.TryGetValue("min", out var a) ? a : throw read.Error(node, $"'{key}' needs 'min' and 'max' (°C)."), $"{key}.min");
        var max = read.Double(entries.TryGetValue("max", out var b) ? b : throw read.Error(node, $"'{key}' needs 'min' and 'max' (°C)."), $"{key}.max");
        if (!(min < max))
        {
            throw read.Error(b, $"'{key}.max' must be above its min ({F(min)}), got {F(max)}.");
        }
        return (min, max);
    }

    private static double Positive(ConfigReader read, YamlNode node, string key) => AtLeast(read, node, key, 0, strictly: true);

    private static double AtLeast(ConfigReader read, YamlNode node, string key, double bound, bool strictly)
    {
        var value = read.Double(node, key);
        if (strictly ? !(value > bound) : !(value >= bound))
        {
            throw read.Error(node, $"'{key}' must be {(strictly ? "above" : "at least")} {F(bound)}, got {F(value)}.");
        }
        return value;
    }

    private static int Whole(ConfigReader read, YamlNode node, string key, int min, int max)
    {
        var value = read.Int(node, key);
        if (value < min || value > max)
        {
            throw read.Error(node, string.Create(CultureInfo.InvariantCulture, $"'{key}' must be between {min:N0} and {max:N0}, got {value:N0}."));
        }
        return value;
    }

    private static TrialTimeSeriesOptions ReadHotSpot(ConfigReader read, YamlNode node, TrialTimeSeriesOptions o)
    {
        var last = node;
        foreach (var (key, _, value) in read.Entries(node, "'hotSpot'", ["threshold", "max"]))
        {
            o = key == "threshold" ? o with { HotSpotThreshold = Positive(read, value, "hotSpot.threshold") } : o with { HotSpotMax = Positive(read, value, "hotSpot.max") };
            last = value;
        }
        if (!(o.HotSpotMax > o.HotSpotThreshold))
        {
            throw read.Error(last, $"'hotSpot.max' ({F(o.HotSpotMax)} °C) must be above 'hotSpot.threshold' ({F(o.HotSpotThreshold)} °C).");
        }
        return o;
    }

    private static TrialTimeSeriesOptions ReadCalendar(ConfigReader read, YamlNode node, TrialTimeSeriesOptions o)
    {
        foreach (var (key, _, value) in read.Entries(node, "'calendar'", ["start", "enrolmentDays"]))
        {
            if (key == "start")
            {
                var text = read.String(value, "calendar.start");
                o = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                    ? o with { Start = start }
                    : throw read.Error(value, $"'calendar.start' must be a date (yyyy-MM-dd), got '{text}'.");
            }
            else
            {
                o = o with { EnrolmentDays = Whole(read, value, "calendar.enrolmentDays", 1, 36_500) };
            }
        }
        return o;
    }

    private static string F(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
