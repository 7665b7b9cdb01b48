using Sanitas.Data;
using Sanitas.Samples;

namespace Sanitas.Tests.Samples;

public sealed class ClinicalTrialGeneratorTests
{
    private static readonly ClinicalTrial Small = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 20, Seed = 7 });

    private static string[] Values(Column column) => [.. Enumerable.Range(0, column.RowCount).Select(r => column[r] ?? "")];

    [Fact]
    public void Tables_have_the_studys_names_and_types()
    {
        Assert.Equal(["PatientId", "BirthDate", "Age", "Sex", "DiabetesType", "Arm", "Disease", "UlcerHistory", "NeuropathyScore", "UlcerOnset"], Small.Patients.ColumnNames);
        Assert.Equal(["PatientId", "Comorbidity"], Small.Comorbidities.ColumnNames);
        Assert.Equal(["PatientId", "Time", "Foot", "Sensor", "Temperature"], Small.Readings.ColumnNames);
        Assert.Equal(
            [ColumnType.Integer, ColumnType.Date, ColumnType.Integer, ColumnType.Text, ColumnType.Integer, ColumnType.Text, ColumnType.Text, ColumnType.Integer, ColumnType.Integer, ColumnType.Date],
            Small.Patients.Columns.Select(c => c.Type));
        Assert.Equal([ColumnType.Integer, ColumnType.Text, ColumnType.Text, ColumnType.Text, ColumnType.Decimal], Small.Readings.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Same_seed_gives_the_same_trial_and_another_seed_another()
    {
        var again = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 20, Seed = 7 });
        var other = ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 20, Seed = 8 });

        foreach (var (a, b) in new[] { (Small.Patients, again.Patients), (Small.Comorbidities, again.Comorbidities), (Small.Readings, again.Readings) })
        {
            Assert.Equal(a.Columns.Select(Values), b.Columns.Select(Values));
        }
        Assert.NotEqual(Values(Small.Readings["Temperature"]), Values(other.Readings["Temperature"]));
        Assert.NotEqual(Values(Small.Patients["BirthDate"]), Values(other.Patients["BirthDate"]));
    }

    [Theory]
    [InlineData(20, 10, 10)]
    [InlineData(21, 10, 11)]
    [InlineData(300, 150, 150)]
    public void Arms_are_split_half_and_half(int patients, int control, int intervention)
    {
        var trial = patients == 300 ? TrialAnalysis.Full : ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = patients, Seed = 3, ReadingsPerPatientMin = 8, ReadingsPerPatientMax = 16 });
        var arms = Values(trial.Patients["Arm"]);
        Assert.Equal(control, arms.Count(a => a == "control"));
        Assert.Equal(intervention, arms.Count(a => a == "intervention"));
    }

    [Fact]
    public void Readings_per_patient_are_between_one_and_the_declared_maximum()
    {
        foreach (var trial in new[] { Small, TrialAnalysis.Full })
        {
            var counts = Values(trial.Readings["PatientId"]).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(Values(trial.Patients["PatientId"]).Order(), counts.Keys.Order());
            Assert.All(counts.Values, c => Assert.InRange(c, 1, 1424));
            Assert.All(counts.Values, c => Assert.Equal(0, c % ClinicalTrialGenerator.ReadingsPerMeasurement));
        }
        Assert.InRange(TrialAnalysis.Full.Readings.RowCount, 300_000, 400_000);
    }

    [Fact]
    public void Marginals_are_those_of_diabetic_foot_patients()
    {
        var patients = TrialAnalysis.Full.Patients;
        double Share(string column, string value) => Values(patients[column]).Count(v => v == value) / 300.0;

        Assert.InRange(Share("UlcerHistory", "1"), 0.2, 0.4);
        Assert.InRange(Share("Sex", "male"), 0.5, 0.7);
        Assert.InRange(Share("DiabetesType", "2"), 0.78, 0.92);
        var ages = ColumnValues.ToDoubles(patients["Age"]);
        Assert.All(ages, a => Assert.InRange(a, 18, 100));
        Assert.InRange(ages.Count(a => a is >= 45 and <= 85) / 300.0, 0.8, 1.0);
        Assert.All(ColumnValues.ToDoubles(patients["NeuropathyScore"]), s => Assert.InRange(s, 0, 10));
        Assert.Subset(ClinicalTrial.Conditions.ToHashSet(), Values(patients["Disease"]).ToHashSet());
        var developed = ColumnValues.ToDates(patients["UlcerOnset"]).Count(d => d is not null) / 300.0;
        Assert.InRange(developed, 0.08, 0.18);
    }

    [Fact]
    public void Comorbidities_are_zero_to_four_other_conditions_per_patient()
    {
        var trial = TrialAnalysis.Full;
        var primary = Enumerable.Range(0, 300).ToDictionary(r => trial.Patients["PatientId"][r]!, r => trial.Patients["Disease"][r]);
        var rows = Enumerable.Range(0, trial.Comorbidities.RowCount).Select(r => (Id: trial.Comorbidities["PatientId"][r]!, Condition: trial.Comorbidities["Comorbidity"][r]!)).ToArray();
        Assert.All(rows.GroupBy(r => r.Id), g =>
        {
            Assert.InRange(g.Count(), 1, 4);
            Assert.Equal(g.Count(), g.Select(r => r.Condition).Distinct().Count());
            Assert.DoesNotContain(primary[g.Key], g.Select(r => r.Condition));
        });
        Assert.All(rows, r => Assert.Contains(r.Condition, ClinicalTrial.Conditions));
        Assert.InRange(rows.Select(r => r.Id).Distinct().Count(), 180, 260);
    }

    [Fact]
    public void Temperatures_are_plausible_with_one_decimal_and_a_daily_rhythm()
    {
        var readings = TrialAnalysis.Full.Readings;
        Assert.All(readings["Temperature"].Dictionary, t => Assert.Matches(@"^[23]\d\.\d$", t));
        var temperatures = ColumnValues.ToDoubles(readings["Temperature"]);
        Assert.All(temperatures, t => Assert.InRange(t, 20.0, 40.0));
        var hours = Enumerable.Range(0, readings.RowCount).Select(r => int.Parse(readings["Time"][r]![11..13], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var morning = temperatures.Where((_, r) => hours[r] < 12).Average();
        var evening = temperatures.Where((_, r) => hours[r] >= 12).Average();
        Assert.InRange(evening - morning, 0.5, 1.5);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", readings["Time"][0]);
    }

    [Fact]
    public void Ulcer_patients_show_the_pre_ulcer_rise_and_others_do_not()
    {
        var trial = TrialAnalysis.Full;
        var onsets = TrialAnalysis.Onsets(trial);
        var lastWeek = TrialAnalysis.MeanDifferences(trial, (id, _) => onsets[id] is { } o ? (o.AddDays(-7), o) : null);
        var firstWeek = TrialAnalysis.MeanDifferences(trial, (_, first) => (first, first.AddDays(7)));

        var ulcer = onsets.Where(p => p.Value is not null).Select(p => p.Key).ToArray();
        Assert.NotEmpty(ulcer);
        Assert.All(ulcer, id => Assert.True(lastWeek[id].Max() > ClinicalTrialGenerator.AlertThreshold, $"patient {id}: {string.Join(", ", lastWeek[id])}"));
        // Before the rise begins (four weeks ahead of onset, at least five weeks into wear) every foot looks healthy.
        Assert.All(ulcer, id => Assert.True(firstWeek[id].Max() < ClinicalTrialGenerator.AlertThreshold, $"patient {id}"));
        var others = onsets.Where(p => p.Value is null).Select(p => p.Key).ToArray();
        var weekly = TrialAnalysis.MeanDifferences(trial, (_, first) => (first, first.AddDays(400)));
        var alarming = others.Count(id => weekly[id].Max() > ClinicalTrialGenerator.AlertThreshold || firstWeek[id].Max() > ClinicalTrialGenerator.AlertThreshold);
        Assert.True(alarming <= others.Length / 20, $"{alarming} of {others.Length} patients without ulcer look like one");
    }

    [Fact]
    public void Ulcer_onset_lies_within_the_patients_readings()
    {
        var trial = TrialAnalysis.Full;
        var onsets = TrialAnalysis.Onsets(trial);
        var last = new Dictionary<long, string>();
        var first = new Dictionary<long, string>();
        for (var r = 0; r < trial.Readings.RowCount; r++)
        {
            var id = long.Parse(trial.Readings["PatientId"][r]!, System.Globalization.CultureInfo.InvariantCulture);
            first.TryAdd(id, trial.Readings["Time"][r]!);
            last[id] = trial.Readings["Time"][r]!;
        }
        foreach (var (id, onset) in onsets)
        {
            if (onset is { } o)
            {
                var iso = o.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(string.CompareOrdinal(iso, first[id][..10]), 1, int.MaxValue);
                Assert.InRange(string.CompareOrdinal(iso, last[id][..10]), int.MinValue, 0);
            }
        }
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<InvalidOptionException>(() => ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 0 }));
        Assert.Throws<InvalidOptionException>(() => ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { ReadingsPerPatientMax = 4 }));
        Assert.Throws<InvalidOptionException>(() => ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { ReadingsPerPatientMin = 2000 }));
    }

    [Fact]
    public void Cancellation_stops_the_simulation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 20 }, ct: cancelled.Token));
    }
}
