using System.Globalization;
using Sanitas.Data;

namespace Sanitas.Samples;

/// <summary>
/// Simulates the smart-insole trial: diabetic patients wear insoles whose temperature sensors
/// (hallux, first and fifth metatarsal head, heel; both feet) are read twice a day, to detect
/// a foot ulcer early by a local left-right temperature difference above 2.2 °C (Lavery et al.
/// 2004, Diabetes Care 27:2642; Armstrong et al. 2007, Am J Med 120:1042). Every distribution
/// is documented in <c>docs/clinical-trial.md</c>. The simulation is deterministic for a seed
/// (a seeded <see cref="Random"/>); it is sample data, not a differentially private release.
/// </summary>
public static class ClinicalTrialGenerator
{
    /// <summary>The readings taken at one measurement: 2 feet × 4 sensors.</summary>
    public const int ReadingsPerMeasurement = 8;

    /// <summary>The clinical threshold of a left-right temperature difference that warns of an ulcer, in °C.</summary>
    public const double AlertThreshold = 2.2;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    // Primary-diagnosis weights in the order of ClinicalTrial.Conditions; an ulcer history multiplies Ulcer's.
    private static readonly double[] DiagnosisWeights = [0.08, 0.20, 0.15, 0.12, 0.23, 0.22];
    private static readonly double[] ComorbidityCountWeights = [0.25, 0.30, 0.25, 0.13, 0.07];
    private static readonly double[] SensorOffsets = [-0.8, 0.3, 0.0, -0.4];
    private static readonly double[] UlcerSiteWeights = [0.35, 0.35, 0.15, 0.15];

    /// <summary>Simulates a trial.</summary>
    /// <param name="options">Size and seed; <see langword="null"/> for 300 patients with the default seed.</param>
    /// <param name="progress">Receives the fraction of patients simulated, from 0 to 1.</param>
    /// <param name="ct">Cancels the simulation.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static ClinicalTrial Generate(ClinicalTrialOptions? options = null, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        options ??= new ClinicalTrialOptions();
        options.Validate();
        // Not a release: a seeded simulation of synthetic patients (the same seed gives the same trial).
        var random = new Random(options.Seed);
        var patients = new PatientRecord[options.Patients];
        var arms = Arms(options.Patients, random);
        for (var i = 0; i < patients.Length; i++)
        {
            patients[i] = SimulatePatient(i + 1, arms[i], options, random);
        }
        var readings = new ReadingsBuilder(options);
        for (var i = 0; i < patients.Length; i++)
        {
            if (i % 16 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report((double)i / patients.Length);
            }
            readings.Simulate(patients[i], random);
        }
        progress?.Report(1.0);
        return new ClinicalTrial(options, PatientsTable(patients), ComorbiditiesTable(patients), readings.Build());
    }

    private sealed record PatientRecord(
        int Id, DateOnly BirthDate, int Age, string Sex, int DiabetesType, string Arm, string Disease,
        int UlcerHistory, int NeuropathyScore, string[] Comorbidities, DateOnly Enrolment, bool DevelopsUlcer)
    {
        public DateOnly? UlcerOnset { get; set; }
    }

    // Complete randomization with fixed totals: exactly half (rounded down) control, the rest intervention.
    private static string[] Arms(int count, Random random)
    {
        var arms = new string[count];
        for (var i = 0; i < count; i++)
        {
            arms[i] = i < count / 2 ? "control" : "intervention";
        }
        random.Shuffle(arms);
        return arms;
    }

    private static PatientRecord SimulatePatient(int id, string arm, ClinicalTrialOptions options, Random random)
    {
        var sex = random.NextDouble() < 0.62 ? "male" : "female";
        var type = random.NextDouble() < 0.15 ? 1 : 2;
        var ageYears = type == 1 ? Math.Clamp(Normal(random, 50, 14), 18, 85) : Math.Clamp(Normal(random, 67, 9), 35, 92);
        var birth = options.StudyStart.AddDays(-(int)(ageYears * 365.2425));
        var age = CompletedYears(birth, options.StudyStart);
        var neuropathy = Binomial(random, 10, Math.Clamp(0.35 + (0.01 * (age - 65)), 0.1, 0.8));
        var ulcerHistory = random.NextDouble() < Math.Min(0.08 + (0.06 * neuropathy), 0.9) ? 1 : 0;
        var weights = (double[])DiagnosisWeights.Clone();
        weights[0] *= ulcerHistory == 1 ? 6 : 1;
        var disease = Pick(random, weights);
        var comorbidities = Comorbidities(random, disease, ulcerHistory);
        var enrolment = options.StudyStart.AddDays(random.Next(options.EnrolmentDays));
        var risk = (0.05 + (0.22 * ulcerHistory) + (0.014 * neuropathy)) * (arm == "intervention" ? 0.65 : 1.0);
        var develops = random.NextDouble() < risk;
        return new PatientRecord(id, birth, age, sex, type, arm, ClinicalTrial.Conditions[disease], ulcerHistory, neuropathy, comorbidities, enrolment, develops);
    }

    // Further conditions than the primary one, drawn without replacement with the diagnosis weights.
    private static string[] Comorbidities(Random random, int primary, int ulcerHistory)
    {
        var count = Pick(random, ComorbidityCountWeights);
        var weights = (double[])DiagnosisWeights.Clone();
        weights[0] *= ulcerHistory == 1 ? 4 : 1;
        weights[primary] = 0;
        var chosen = new List<int>(count);
        for (var k = 0; k < count; k++)
        {
            var condition = Pick(random, weights);
            weights[condition] = 0;
            chosen.Add(condition);
        }
        chosen.Sort();
        return [.. chosen.Select(c => ClinicalTrial.Conditions[c])];
    }

    private static int CompletedYears(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year;
        return on < birth.AddYears(years) ? years - 1 : years;
    }

    private static Table PatientsTable(PatientRecord[] patients)
    {
        string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
        string Iso(DateOnly date) => date.ToString(CsvOptions.IsoDateFormat, CultureInfo.InvariantCulture);
        return new Table(
        [
            Column.FromValues(ClinicalTrial.PatientIdColumn, patients.Select(p => Invariant(p.Id)), ColumnType.Integer),
            Column.FromValues("BirthDate", patients.Select(p => Iso(p.BirthDate)), ColumnType.Date),
            Column.FromValues("Age", patients.Select(p => Invariant(p.Age)), ColumnType.Integer),
            Column.FromValues("Sex", patients.Select(p => p.Sex)),
            Column.FromValues("DiabetesType", patients.Select(p => Invariant(p.DiabetesType)), ColumnType.Integer),
            Column.FromValues("Arm", patients.Select(p => p.Arm)),
            Column.FromValues("Disease", patients.Select(p => p.Disease)),
            Column.FromValues("UlcerHistory", patients.Select(p => Invariant(p.UlcerHistory)), ColumnType.Integer),
            Column.FromValues("NeuropathyScore", patients.Select(p => Invariant(p.NeuropathyScore)), ColumnType.Integer),
            Column.FromValues("UlcerOnset", patients.Select(p => p.UlcerOnset is { } d ? Iso(d) : null), ColumnType.Date),
        ]);
    }

    private static Table ComorbiditiesTable(PatientRecord[] patients)
    {
        var rows = patients.SelectMany(p => p.Comorbidities.Select(c => (p.Id, Condition: c))).ToArray();
        return new Table(
        [
            Column.FromValues(ClinicalTrial.PatientIdColumn, rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer),
            Column.FromValues("Comorbidity", rows.Select(r => r.Condition)),
        ]);
    }

    /// <summary>A standard normal draw by the Box-Muller transform, scaled.</summary>
    private static double Normal(Random random, double mean, double sd)
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
    }

    private static int Binomial(Random random, int n, double p)
    {
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            k += random.NextDouble() < p ? 1 : 0;
        }
        return k;
    }

    private static int Pick(Random random, double[] weights)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0 && weights[i] > 0)
            {
                return i;
            }
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }

    /// <summary>Builds the dictionary-encoded Readings columns directly, patient by patient.</summary>
    private sealed class ReadingsBuilder(ClinicalTrialOptions options)
    {
        private readonly List<int> _patient = new(options.Patients * options.ReadingsPerPatientMax * 5 / 6);
        private readonly List<int> _time = new(options.Patients * options.ReadingsPerPatientMax * 5 / 6);
        private readonly List<int> _temperature = new(options.Patients * options.ReadingsPerPatientMax * 5 / 6);
        private readonly List<string?> _times = [];
        private readonly Dictionary<string, int> _timeCodes = new(StringComparer.Ordinal);
        private readonly int[] _tenthsCodes = new int[401];
        private readonly List<string?> _temperatures = [];
        private readonly List<string?> _patientIds = [];

        public void Simulate(PatientRecord patient, Random random)
        {
            var patientCode = _patientIds.Count;
            _patientIds.Add(patient.Id.ToString(CultureInfo.InvariantCulture));
            var fewest = (options.ReadingsPerPatientMin + ReadingsPerMeasurement - 1) / ReadingsPerMeasurement;
            var most = options.ReadingsPerPatientMax / ReadingsPerMeasurement;
            var measurements = random.Next(Math.Min(fewest, most), most + 1);
            var days = (measurements + 1) / 2;

            // The patient's own plantar temperature, and a small fixed left-right asymmetry per sensor.
            var baseline = Normal(random, 29.5, 1.2);
            var asymmetry = new double[ClinicalTrial.Sensors.Count];
            for (var s = 0; s < asymmetry.Length; s++)
            {
                asymmetry[s] = Math.Clamp(Normal(random, 0, 0.3), -0.9, 0.9);
            }

            // A developing ulcer: a hot spot at one sensor of one foot, rising over the four weeks before onset.
            var hotFoot = -1;
            var hotSensor = -1;
            var onsetDay = -1;
            var peak = 0.0;
            if (patient.DevelopsUlcer)
            {
                hotFoot = random.Next(2);
                hotSensor = Pick(random, UlcerSiteWeights);
                onsetDay = random.Next(Math.Min(35, days - 1), days);
                // The hot spot's left-right difference reaches 2.6-4.0 °C whatever the foot's own asymmetry.
                var difference = 2.6 + (1.4 * random.NextDouble());
                peak = difference - (hotFoot == 0 ? asymmetry[hotSensor] : -asymmetry[hotSensor]);
                patient.UlcerOnset = patient.Enrolment.AddDays(onsetDay);
            }

            var start = patient.Enrolment.ToDateTime(TimeOnly.MinValue);
            var ambient = 0.0;
            for (var m = 0; m < measurements; m++)
            {
                var day = m / 2;
                if (m % 2 == 0)
                {
                    ambient = Normal(random, 0, 0.5);
                }
                // Morning measurement between 07:00 and 11:00, evening between 15:00 and 21:00, to the minute.
                var minute = m % 2 == 0 ? random.Next(7 * 60, 11 * 60) : random.Next(15 * 60, 21 * 60);
                var time = start.AddDays(day).AddMinutes(minute);
                var timeCode = TimeCode(time.ToString(TimeFormat, CultureInfo.InvariantCulture));
                var hours = minute / 60.0;
                // Feet warm with the day's activity: lowest in the early morning, highest around 18:00.
                var rhythm = 0.6 * Math.Sin(2 * Math.PI * (hours - 12) / 24);
                var rise = onsetDay < 0 ? 0 : peak * Math.Clamp((day + (hours / 24) - (onsetDay - 28)) / 21.0, 0, 1);
                for (var foot = 0; foot < 2; foot++)
                {
                    for (var s = 0; s < ClinicalTrial.Sensors.Count; s++)
                    {
                        var side = foot == 0 ? 0.5 : -0.5;
                        var t = baseline + SensorOffsets[s] + (side * asymmetry[s]) + rhythm + ambient + Normal(random, 0, 0.25);
                        if (foot == hotFoot && s == hotSensor)
                        {
                            t += rise;
                        }
                        _patient.Add(patientCode);
                        _time.Add(timeCode);
                        _temperature.Add(TemperatureCode((int)Math.Round(Math.Clamp(t, 20, 40) * 10)));
                    }
                }
            }
        }

        public Table Build()
        {
            var rows = _patient.Count;
            var foot = new int[rows];
            var sensor = new int[rows];
            for (var r = 0; r < rows; r++)
            {
                foot[r] = r % ReadingsPerMeasurement / ClinicalTrial.Sensors.Count;
                sensor[r] = r % ClinicalTrial.Sensors.Count;
            }
            return new Table(
            [
                Column.FromCodes(ClinicalTrial.PatientIdColumn, ColumnType.Integer, [.. _patientIds], [.. _patient]),
                Column.FromCodes("Time", ColumnType.Text, [.. _times], [.. _time]),
                Column.FromCodes("Foot", ColumnType.Text, ["left", "right"], foot),
                Column.FromCodes("Sensor", ColumnType.Text, [.. ClinicalTrial.Sensors], sensor),
                Column.FromCodes("Temperature", ColumnType.Decimal, [.. _temperatures], [.. _temperature]),
            ]);
        }

        private int TimeCode(string time)
        {
            if (!_timeCodes.TryGetValue(time, out var code))
            {
                code = _times.Count;
                _timeCodes.Add(time, code);
                _times.Add(time);
            }
            return code;
        }

        private int TemperatureCode(int tenths)
        {
            // Codes are stored plus one so that the array's zero means "not seen yet".
            if (_tenthsCodes[tenths] == 0)
            {
                _temperatures.Add((tenths / 10.0).ToString("0.0", CultureInfo.InvariantCulture));
                _tenthsCodes[tenths] = _temperatures.Count;
            }
            return _tenthsCodes[tenths] - 1;
        }
    }
}
