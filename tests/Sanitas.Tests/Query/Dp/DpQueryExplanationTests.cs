using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;
using Sanitas.Samples;

namespace Sanitas.Tests.Query.Dp;

/// <summary>
/// <see cref="DpQueryExplanation"/>: the cost and accuracy of a DP query before it runs, on the
/// clinical-trial sample, checked against closed forms and against what the engine then releases.
/// </summary>
public sealed class DpQueryExplanationTests : IDisposable
{
    private static readonly Lazy<ClinicalTrial> Trial = new(() => ClinicalTrialGenerator.Generate(new ClinicalTrialOptions { Patients = 40 }));
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-explain-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DatabaseMetadata Metadata => MetadataLoader.Parse(new StringReader(ClinicalTrialMetadata.ToYaml(Trial.Value.Options)), "trial.yaml");

    private static Dictionary<string, Table> Tables => new()
    {
        [ClinicalTrial.PatientsTable] = Trial.Value.Patients,
        [ClinicalTrial.ComorbiditiesTable] = Trial.Value.Comorbidities,
        [ClinicalTrial.ReadingsTable] = Trial.Value.Readings,
    };

    private static DpQueryExplanation Explain(string sql, double epsilon, double delta = 0) =>
        DpQueryExplanation.Explain(DpQueryEngine.Plan(sql, epsilon, delta, Metadata), sql);

    private async Task<DpQueryResult> Run(string sql, double epsilon, ulong seed)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, "ledger.sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", 100);
        return await DpQueryEngine.ExecuteAsync(sql, epsilon, Metadata, Tables, ledger, "alice", "trial", new SeededRandomForTests(seed));
    }

    [Fact]
    public void Count_of_readings_has_scale_R_over_epsilon_and_the_laplace_tail_half_width()
    {
        // R = 1,424 readings per patient, ε = 0.5: b = Δ/ε = 2,848 up to one grid step of the exact
        // sampler, and the 95% half-width of Laplace noise is b·ln(1/0.05) = b·ln 20 (P(|X| > t) = e^(−t/b);
        // Dwork and Roth 2014, Fact 3.7), here ≈ 8,531.85, up to the discrete tail and half a grid step.
        var e = Explain("SELECT COUNT(*) FROM Readings", 0.5);
        var count = Assert.Single(e.Aggregates);
        var noise = Assert.Single(count.Noises);
        Assert.Equal(("laplace", "count", 1424.0, 0.5), (noise.Mechanism, noise.Releases, noise.Sensitivity, noise.Epsilon));
        Assert.InRange(noise.Scale!.Value, 2848, 2848 + 2 * noise.GridStep!.Value);
        Assert.True(noise.GridStep < 1e-5, $"grid step {noise.GridStep}");
        Assert.Equal(Math.Log(20) * 2848, noise.HalfWidth, 1e-3);
        Assert.Equal(noise.HalfWidth, count.HalfWidth);
        Assert.Equal("value", count.IntervalUnits);
        Assert.Null(count.Lower);
        Assert.Equal((0.5, 0.0, 0.0, 1L, 1424, "PatientId"), (e.Epsilon, e.Delta, e.SelectionEpsilon, e.GroupCount!.Value, e.MaxRowsPerUnit, e.PrivacyUnit));
        Assert.Empty(e.Keys);
    }

    [Fact]
    public void The_study_query_releases_108_cells_each_with_a_count_of_scale_2()
    {
        // One row per patient (R = 1): every cell's count has b = 1/0.5 = 2 and half-width 2·ln 20 ≈ 5.99.
        var e = Explain(ClinicalTrial.StudyQuery, 0.5);
        Assert.Equal(18L * 6, e.GroupCount);
        Assert.Equal([("AgeGroup", false, (int?)18), ("Disease", false, 6)], e.Keys.Select(k => (k.Expression, k.IsPrivate, k.DomainSize)));
        var count = Assert.Single(e.Aggregates);
        Assert.Equal("COUNT(*)", count.Function);
        Assert.Equal(1, count.Sensitivity);
        Assert.Equal(2.0, count.Noises[0].Scale!.Value, 1e-6);
        Assert.Equal(2 * Math.Log(20), count.HalfWidth!.Value, 1e-5);
    }

    [Fact]
    public async Task Released_intervals_equal_the_explained_half_widths_for_counts_sums_and_medians()
    {
        const string sql = "SELECT Arm, COUNT(*), SUM(NeuropathyScore), COUNT(DISTINCT PatientId), MEDIAN(Age) FROM Patients GROUP BY Arm";
        var e = Explain(sql, 0.8);
        var result = await Run(sql, 0.8, 20261203);
        Assert.Equal(e.GroupCount, result.Rows.Count);
        Assert.Equal(e.Epsilon, result.EpsilonSpent);
        for (var a = 0; a < e.Aggregates.Count; a++)
        {
            var column = a + 1;
            Assert.Equal(e.Aggregates[a].IntervalUnits, result.IntervalUnits[column]);
            Assert.All(result.ConfidenceIntervals, row => Assert.Equal(e.Aggregates[a].HalfWidth, row[column]));
        }
        // The sum's bounds and sensitivity: NeuropathyScore in [0, 10], one row per patient.
        Assert.Equal((0.0, 10.0, 10.0), (e.Aggregates[1].Lower!.Value, e.Aggregates[1].Upper!.Value, e.Aggregates[1].Sensitivity));
        // Quantiles: every integer age 18..100 is a candidate, rank half-width (2Δ/ε)(ln 83 + ln 20).
        Assert.Equal(83, e.Aggregates[3].Noises[0].Candidates);
        Assert.Equal(2 * 1 / 0.2 * (Math.Log(83) + Math.Log(20)), e.Aggregates[3].HalfWidth!.Value, 1e-9);
    }

    [Fact]
    public void Avg_and_variance_split_their_share_over_a_sum_and_a_count_and_leave_the_value_interval_to_the_data()
    {
        const string sql = "SELECT AVG(Temperature), VARIANCE(Temperature) FROM Readings";
        var e = Explain(sql, 1.0);
        var (avg, variance) = (e.Aggregates[0], e.Aggregates[1]);
        // Five noisy values in all (2 + 3): ε/5 each.
        Assert.Equal(["sum of (x − m)", "count"], avg.Noises.Select(n => n.Releases));
        Assert.All(avg.Noises, n => Assert.Equal(0.2, n.Epsilon, 12));
        Assert.Equal(1424 * (40 - 20) / 2.0, avg.Noises[0].Sensitivity);
        Assert.Equal(1424, avg.Noises[1].Sensitivity);
        Assert.Null(avg.HalfWidth);
        Assert.Contains("noisy count", avg.Interval);
        Assert.Equal(["count", "sum of (x − m)", "sum of (x − m)²"], variance.Noises.Select(n => n.Releases));
        Assert.Equal([1424, 1424 * 10.0, 1424 * 100.0], variance.Noises.Select(n => n.Sensitivity));
        // Each of the three at 1 − 0.05/3, as the engine's union bound uses them.
        Assert.All(variance.Noises, n => Assert.Equal(1 - 0.05 / 3, n.Confidence, 12));
        Assert.Equal(new LaplaceMechanism(1424, 0.2).ConfidenceHalfWidth(0.05 / 3), variance.Noises[0].HalfWidth);
        Assert.Null(variance.HalfWidth);
        Assert.Equal(e.Epsilon, e.Aggregates.Sum(a => a.Noises.Sum(n => n.Epsilon)), 12);
    }

    [Fact]
    public void A_private_key_shows_delta_the_selection_share_and_its_threshold()
    {
        // Disease private, ε = 1, δ = 1e-6, one COUNT(*): ε_sel = 0.5, Δ₀ = 1, τ = 28 persons
        // (docs/dp-queries.md, PartitionSelection); the groups released are not known in advance.
        var yaml = System.Text.RegularExpressions.Regex.Replace(ClinicalTrialMetadata.ToYaml(Trial.Value.Options), @"Disease:\s*\{[^}]*\}", "Disease: { type: text, private: true }");
        var metadata = MetadataLoader.Parse(new StringReader(yaml), "trial.yaml");
        const string sql = "SELECT Disease, COUNT(*) FROM Patients GROUP BY Disease";
        var e = DpQueryExplanation.Explain(DpQueryEngine.Plan(sql, 1.0, 1e-6, metadata), sql);
        Assert.Equal((1.0, 1e-6, 0.5), (e.Epsilon, e.Delta, e.SelectionEpsilon));
        Assert.Null(e.GroupCount);
        Assert.Equal(28, e.SelectionThreshold);
        Assert.Equal(("Disease", true, (int?)null), (e.Keys[0].Expression, e.Keys[0].IsPrivate, e.Keys[0].DomainSize));
        Assert.Equal(0.5, e.Aggregates[0].Epsilon);
    }

    [Fact]
    public void Without_the_text_aggregates_are_named_by_their_canonical_sql()
    {
        var e = DpQueryExplanation.Explain(DpQueryEngine.Plan("select sum(NeuropathyScore) from Patients", 0.1, Metadata));
        Assert.Equal("SUM(\"NeuropathyScore\")", e.Aggregates[0].Function);
    }

    [Fact]
    public void A_percentile_outside_zero_to_one_is_refused_before_anything_is_spent()
    {
        var error = Assert.Throws<QueryException>(() => Explain("SELECT PERCENTILE_CONT(Age, 1.5) FROM Patients", 0.5));
        Assert.Contains("fraction must be between 0 and 1", error.Message);
    }

    [Fact]
    public async Task Explaining_on_a_database_checks_the_schema_and_reports_what_the_database_rejects()
    {
        var files = await ClinicalTrialWriter.WriteAsync(new ClinicalTrialOptions { Patients = 12 }, _folder);
        var metadata = MetadataLoader.Load(files.Metadata);
        var e = await DpQueryExplanation.ExplainOnDatabaseAsync("SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex", new ApproximateDp(0.5, 0), metadata, files.Database);
        Assert.Equal(2L, e.GroupCount);
        // A table the metadata declares but the database lacks: the same refusal a real query gets before its charge.
        var yaml = File.ReadAllText(files.Metadata).Replace("  Readings:", "  Visits:", StringComparison.Ordinal);
        var other = MetadataLoader.Parse(new StringReader(yaml), "visits.yaml");
        var error = await Assert.ThrowsAsync<QueryException>(() => DpQueryExplanation.ExplainOnDatabaseAsync("SELECT COUNT(*) FROM Visits", new ApproximateDp(0.5, 0), other, files.Database));
        Assert.Contains("The database rejected the query", error.Message);
    }

    [Fact]
    public async Task A_real_column_with_whole_number_bounds_gets_a_fine_quantile_grid()
    {
        // Temperature is declared real in [20, 40]: 1,001 candidates (steps of 0.02), not the 21 integers;
        // Age is declared integer in [18, 100]: every integer, 83 candidates.
        var e = Explain("SELECT MEDIAN(Temperature) FROM Readings", 1);
        Assert.Equal(1001, e.Aggregates.Single().Noises.Single().Candidates);
        Assert.Equal(83, Explain("SELECT MEDIAN(Age) FROM Patients", 1).Aggregates.Single().Noises.Single().Candidates);
        // The released median lies on that grid and, at ε = 100, near the true median.
        var released = Convert.ToDouble((await Run("SELECT MEDIAN(Temperature) FROM Readings", 100, 7)).Rows.Single().Single(), System.Globalization.CultureInfo.InvariantCulture);
        var values = Trial.Value.Readings["Temperature"];
        var sorted = Enumerable.Range(0, Trial.Value.Readings.RowCount).Select(r => double.Parse(values.Dictionary[values.Codes[r]]!, System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        var median = sorted[sorted.Length / 2];
        Assert.InRange(released, median - 0.5, median + 0.5);
        Assert.Equal(0, Math.Round((released - 20) / 0.02) * 0.02 + 20 - released, 9);
    }
}
