using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Tests.Query.Dp;

public sealed class DpQueryEngineTests : IDisposable
{
    private const string Metadata = """
        tables:
          Patients:
            privacyUnit: PatientId
            maxRowsPerUnit: 1
            columns:
              PatientId:    { type: integer }
              Age:          { type: integer, lower: 18, upper: 100 }
              Sex:          { type: text, public: [male, female] }
              DiabetesType: { type: integer, public: [1, 2] }
              Disease:      { type: text, public: [Ulcer, Gait, Macroangiopathy, Fasciitis, Angiopathy, Arthrosis] }
              Arm:          { type: text, public: [control, intervention] }
          Readings:
            privacyUnit: PatientId
            maxRowsPerUnit: 3
            maxGroupsPerUnit: 2
            columns:
              Temperature: { type: real, lower: 20.0, upper: 40.0 }
              Foot:        { type: text, public: [left, right] }
        """;

    private const string StudyQuery = """
        SELECT AgeGroup, Disease, COUNT(*) FROM (
          SELECT FLOOR(Age/5)*5 AS AgeGroup, * FROM Patients
          WHERE Sex = 'male' AND DiabetesType = 1
        ) GroupedResults GROUP BY AgeGroup, Disease
        """;

    private static readonly string[] Diseases = ["Ulcer", "Gait", "Macroangiopathy", "Fasciitis", "Angiopathy", "Arthrosis"];
    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-dp-").FullName;
    private readonly DatabaseMetadata _metadata = MetadataLoader.Parse(new StringReader(Metadata), "trial.yaml");
    private readonly Dictionary<string, Table> _tables;

    public DpQueryEngineTests()
    {
        var random = new Random(11);
        var ids = Enumerable.Range(1, 200).ToList();
        var ages = ids.Select(_ => random.Next(30, 90)).ToList();
        static Column Ints(string name, IEnumerable<int> values) => Column.FromValues(name, values.Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer);
        var readingIds = ids.SelectMany(id => Enumerable.Repeat(id, id % 7 + 1)).ToList();
        _tables = new Dictionary<string, Table>
        {
            ["Patients"] = new([
                Ints("PatientId", ids), Ints("Age", ages),
                Column.FromValues("Sex", ids.Select(i => (string?)(i % 3 == 0 ? "female" : "male"))),
                Ints("DiabetesType", ids.Select(i => i % 4 == 0 ? 1 : 2)),
                Column.FromValues("Disease", ids.Select(i => (string?)Diseases[i % Diseases.Length])),
                Column.FromValues("Arm", ids.Select(i => (string?)(i % 2 == 0 ? "control" : "intervention")))]),
            ["Readings"] = new([
                Ints("PatientId", readingIds),
                Column.FromValues("Foot", readingIds.Select((_, i) => (string?)(i % 2 == 0 ? "left" : "right"))),
                Column.FromValues("Temperature", readingIds.Select((_, i) => (string?)(30 + i % 5).ToString(CultureInfo.InvariantCulture)), ColumnType.Decimal)]),
        };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<SqliteBudgetLedger> Ledger(double epsilon)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", epsilon);
        return ledger;
    }

    [Fact]
    public async Task The_study_query_releases_every_public_group_and_charges_its_epsilon()
    {
        var ledger = await Ledger(2.0);
        var result = await DpQueryEngine.ExecuteAsync(StudyQuery, 0.5, _metadata, _tables, ledger, "alice", "trial");

        // AgeGroup = FLOOR(Age/5)*5 over the declared Age range 18..100: 15, 20, ..., 100 (18 values) × 6 diseases.
        Assert.Equal(18 * 6, result.Rows.Count);
        Assert.Equal(["AgeGroup", "Disease", "count"], result.Columns);
        Assert.Equal(Enumerable.Range(3, 18).Select(i => (object)(long)(i * 5)), result.Rows.Select(r => r[0]).Distinct());
        Assert.All(result.Rows, r => Assert.Equal(Math.Round((double)r[2]!), (double)r[2]!));
        Assert.All(result.ConfidenceIntervals, ci => Assert.True(ci[2] > 0 && ci[0] is null));
        Assert.Equal(0.5, result.EpsilonSpent);
        Assert.Equal(1.5, result.EpsilonRemaining, 12);
        Assert.Equal(1, result.Plan.Aggregates.Single().Sensitivity);
    }

    [Fact]
    public async Task Over_budget_nothing_is_released_or_charged()
    {
        var ledger = await Ledger(0.3);
        var error = await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() => DpQueryEngine.ExecuteAsync(StudyQuery, 0.5, _metadata, _tables, ledger, "alice", "trial"));
        Assert.Contains("only ε = 0.3,", error.Message);
        Assert.Equal(0, (await ledger.GetAsync("alice", "trial"))!.EpsilonSpent);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Counts_carry_laplace_noise_of_the_planned_scale()
    {
        // Statistical check with a seeded (non-release) source: 4,000 releases of one count with
        // sensitivity 1 and ε = 1. The noise is discrete Laplace on a grid, variance ≈ 2b², b ≈ 1.
        var ledger = await Ledger(1e9);
        var random = new SeededRandomForTests(20261122);
        var exact = (double)(long)InMemoryEngine.Execute("SELECT COUNT(*) FROM Patients WHERE Sex = 'male'", _tables).Rows[0][0]!;
        var plan = DpQueryEngine.Plan("SELECT COUNT(*) FROM Patients WHERE Sex = 'male'", 1.0, _metadata);
        var scale = new LaplaceMechanism(plan.Aggregates[0].Sensitivity, 1.0).Scale;
        var noise = new List<double>();
        for (var i = 0; i < 4000; i++)
        {
            var result = await DpQueryEngine.ExecuteAsync("SELECT COUNT(*) FROM Patients WHERE Sex = 'male'", 1.0, _metadata, _tables, ledger, "alice", "trial", random);
            noise.Add((double)result.Rows[0][0]! - exact);
        }
        var mean = noise.Average();
        var variance = noise.Sum(x => (x - mean) * (x - mean)) / (noise.Count - 1);
        Assert.InRange(mean, -0.15, 0.15);                                  // SE ≈ √(2b²/4000) ≈ 0.03 (rounding adds a little)
        Assert.InRange(variance, 2 * scale * scale * 0.85, 2 * scale * scale * 1.25 + 0.1);
    }

    [Fact]
    public async Task Contributions_are_bounded_per_person()
    {
        // Readings declares at most 3 rows per patient; patients have up to 7. With a huge ε the
        // noise is negligible, so the released count shows the bound.
        var ledger = await Ledger(1e12);
        var result = await DpQueryEngine.ExecuteAsync("SELECT COUNT(*) FROM Readings WHERE PatientId = 6", 1e9, _metadata, _tables, ledger, "alice", "trial");
        Assert.Equal(3.0, (double)result.Rows[0][0]!);
        var distinct = await DpQueryEngine.ExecuteAsync(
            "SELECT Foot, COUNT(DISTINCT r.PatientId) FROM Readings r JOIN Patients p ON r.PatientId = p.PatientId GROUP BY Foot", 1e9, _metadata, _tables, ledger, "alice", "trial");
        Assert.Equal(2, distinct.Rows.Count);
        Assert.Equal(2, distinct.Plan.Aggregates.Single().Sensitivity);      // min(R = 3, G = 2)
    }

    [Fact]
    public async Task Averages_are_clamped_to_declared_bounds()
    {
        var ledger = await Ledger(1e12);
        var exact = (double)InMemoryEngine.Execute("SELECT AVG(Age) FROM Patients", _tables).Rows[0][0]!;
        var result = await DpQueryEngine.ExecuteAsync("SELECT AVG(Age) FROM Patients", 1e9, _metadata, _tables, ledger, "alice", "trial");
        Assert.Equal(exact, (double)result.Rows[0][0]!, 3);
        Assert.Equal((100 - 18) / 2.0, result.Plan.Aggregates[0].Sensitivity);
    }

    [Theory]
    [InlineData("SELECT SUM(PatientId) FROM Patients", "line 1, column 12: SUM(\"PatientId\") needs declared bounds")]
    [InlineData("SELECT PatientId, COUNT(*) FROM Patients GROUP BY PatientId", "line 1, column 51: the group key \"PatientId\" is the privacy unit")]
    [InlineData("SELECT Age FROM Patients", "a DP query must aggregate")]
    [InlineData("SELECT MIN(Age) FROM Patients", "line 1, column 8: MIN is not supported in DP queries yet")]
    [InlineData("SELECT MEDIAN(PatientId) FROM Patients", "MEDIAN(\"PatientId\") needs declared bounds")]
    [InlineData("SELECT COUNT(*) FROM Readings r JOIN Patients p ON r.Foot = p.Sex", "a join must match the privacy units of both sides")]
    [InlineData("SELECT COUNT(*) FROM Visits", "line 1, column 22: the table 'Visits' has no DP metadata")]
    [InlineData("SELECT COUNT(*) FROM (SELECT Age FROM Patients) s", "the subquery must keep the privacy unit column 'PatientId'")]
    [InlineData("SELECT COUNT(*) FROM (SELECT Age AS PatientId, Sex FROM Patients) s", "line 1, column 30: the subquery names a column 'PatientId' that is not the privacy unit")]
    public void Unanswerable_queries_are_refused_before_any_charge(string sql, string message)
    {
        var error = Assert.Throws<QueryException>(() => DpQueryEngine.Plan(sql, 1.0, _metadata));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Medians_come_from_the_exponential_mechanism_over_the_declared_range()
    {
        // With a large ε the mechanism concentrates on candidates of the highest utility, i.e. ages
        // that split the patients in half; a median of integers lies within one of the exact median.
        var ledger = await Ledger(1e12);
        var exact = (double)InMemoryEngine.Execute("SELECT MEDIAN(Age) FROM Patients", _tables).Rows[0][0]!;
        var result = await DpQueryEngine.ExecuteAsync("SELECT Sex, MEDIAN(Age), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY Age) FROM Patients GROUP BY Sex", 200, _metadata, _tables, ledger, "alice", "trial");
        Assert.Equal(2, result.Rows.Count);
        var overall = await DpQueryEngine.ExecuteAsync("SELECT MEDIAN(Age) FROM Patients", 200, _metadata, _tables, ledger, "alice", "trial");
        // Every candidate between the two middle ages (inclusive of the upper) splits the patients in half.
        var ages = Enumerable.Range(0, _tables["Patients"].RowCount).Select(r => double.Parse(_tables["Patients"]["Age"][r]!, CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.InRange((double)overall.Rows[0][0]!, ages[99], ages[100] + 1);
        Assert.InRange(exact, ages[99], ages[100]);
        Assert.All(result.Rows, r => Assert.InRange((double)r[1]!, 18, 100));
        Assert.All(result.Rows, r => Assert.True((double)r[2]! >= (double)r[1]!));
    }

    [Fact]
    public async Task Variance_and_stddev_approach_the_exact_values_with_a_large_epsilon()
    {
        var ledger = await Ledger(1e12);
        var exact = InMemoryEngine.Execute("SELECT VARIANCE(Age), STDDEV(Age) FROM Patients", _tables).Rows[0];
        var result = await DpQueryEngine.ExecuteAsync("SELECT VARIANCE(Age), STDDEV(Age) FROM Patients", 1e7, _metadata, _tables, ledger, "alice", "trial");
        Assert.Equal((double)exact[0]!, (double)result.Rows[0][0]!, 0.5);
        Assert.Equal((double)exact[1]!, (double)result.Rows[0][1]!, 0.05);
        Assert.Equal(1e7 / 2, result.Plan.Aggregates[0].Epsilon, 6);   // two aggregates of three noisy sums each share ε equally
    }

    [Fact]
    public async Task Variance_and_stddev_intervals_cover_the_exact_values()
    {
        // The interval propagates the three noises (union bound, 98.3% each) through the estimator, so it
        // covers the exact bounded value in at least 95% of releases; 200 seeded releases at ε = 3.
        var ledger = await Ledger(1e9);
        var random = new SeededRandomForTests(4242);
        var exact = InMemoryEngine.Execute("SELECT VARIANCE(Age), STDDEV(Age) FROM Patients", _tables).Rows[0];
        var (variance, stddev) = ((double)exact[0]!, (double)exact[1]!);
        int coveredVariance = 0, coveredStddev = 0;
        for (var t = 0; t < 200; t++)
        {
            var result = await DpQueryEngine.ExecuteAsync("SELECT VARIANCE(Age), STDDEV(Age) FROM Patients", 6, _metadata, _tables, ledger, "alice", "trial", random);
            var (v, hv) = ((double)result.Rows[0][0]!, result.ConfidenceIntervals[0][0]!.Value);
            var (s, hs) = ((double)result.Rows[0][1]!, result.ConfidenceIntervals[0][1]!.Value);
            Assert.True(hv > 0 && hv <= 41 * 41 && hs > 0 && hs <= 41);
            coveredVariance += Math.Abs(v - variance) <= hv ? 1 : 0;
            coveredStddev += Math.Abs(s - stddev) <= hs ? 1 : 0;
            Assert.Equal(["value", "value"], result.IntervalUnits);
        }
        Assert.True(coveredVariance >= 190, $"variance covered {coveredVariance} of 200");
        Assert.True(coveredStddev >= 190, $"stddev covered {coveredStddev} of 200");
    }

    [Fact]
    public async Task Median_intervals_are_in_ranks_and_cover_the_rank_error()
    {
        // The exponential mechanism's utility theorem: with 95% the released candidate's rank error
        // |#{x < c} − n/2| is within the interval of the best candidate's (here, on 83 integer candidates).
        var ledger = await Ledger(1e9);
        var random = new SeededRandomForTests(777);
        var ages = Enumerable.Range(0, _tables["Patients"].RowCount).Select(r => double.Parse(_tables["Patients"]["Age"][r]!, CultureInfo.InvariantCulture)).Order().ToArray();
        double RankError(double c) => Math.Abs(ages.Count(a => a < c) - ages.Length / 2.0);
        var best = Enumerable.Range(18, 83).Min(c => RankError(c));
        var covered = 0;
        for (var t = 0; t < 200; t++)
        {
            var result = await DpQueryEngine.ExecuteAsync("SELECT MEDIAN(Age) FROM Patients", 0.5, _metadata, _tables, ledger, "alice", "trial", random);
            var halfWidth = result.ConfidenceIntervals[0][0]!.Value;
            Assert.Equal(2 * 1 / 0.5 * (Math.Log(83) + Math.Log(20)), halfWidth, 9);
            covered += RankError((double)result.Rows[0][0]!) <= best + halfWidth ? 1 : 0;
            Assert.Equal(["rank"], result.IntervalUnits);
        }
        Assert.True(covered >= 190, $"covered {covered} of 200");
    }

    [Fact]
    public async Task Having_filters_the_released_noisy_rows()
    {
        var ledger = await Ledger(1e12);
        var all = await DpQueryEngine.ExecuteAsync("SELECT Disease, COUNT(*) AS n FROM Patients GROUP BY Disease", 1e9, _metadata, _tables, ledger, "alice", "trial");
        var filtered = await DpQueryEngine.ExecuteAsync("SELECT Disease, COUNT(*) AS n FROM Patients GROUP BY Disease HAVING n > 33 AND Disease <> 'Gait'", 1e9, _metadata, _tables, ledger, "alice", "trial");
        var expected = all.Rows.Where(r => (double)r[1]! > 33 && (string)r[0]! != "Gait").Select(r => (string)r[0]!).Order();
        Assert.Equal(expected, filtered.Rows.Select(r => (string)r[0]!).Order());
        Assert.Equal(filtered.Rows.Count, filtered.ConfidenceIntervals.Count);
        var error = Assert.Throws<QueryException>(() => DpQueryEngine.Plan("SELECT Disease, COUNT(*) FROM Patients GROUP BY Disease HAVING AVG(Age) > 50", 1, _metadata));
        Assert.Contains("must also be in the select list", error.Message);
    }

    [Fact]
    public async Task A_cast_that_could_fail_on_the_data_is_refused_before_the_charge()
    {
        // Converting 'male' to an integer would fail on some rows only, which only the data can reveal
        // (an error after the charge is a one-bit channel): the closed language refuses the cast itself.
        var ledger = await Ledger(1);
        var error = await Assert.ThrowsAsync<QueryException>(() =>
            DpQueryEngine.ExecuteAsync("SELECT COUNT(*) FROM Patients WHERE CAST(Sex AS INTEGER) > 3", 0.1, _metadata, _tables, ledger, "alice", "trial"));
        Assert.Contains("cannot be cast to numbers", error.Message);
        Assert.Contains("nothing was charged", error.Message);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }

    [Theory]
    [InlineData("SELECT COUNT(*) FROM Patients WHERE Sex > 3", "line 1, column 37: cannot compare \"Sex\" (text) with 3 (a number)")]
    [InlineData("SELECT SUM(Disease) FROM Patients", "line 1, column 12: SUM needs a number, but \"Disease\" is text")]
    [InlineData("SELECT COUNT(*) FROM Patients WHERE Age LIKE '3%'", "line 1, column 37: LIKE matches text, but \"Age\" is a number")]
    [InlineData("SELECT COUNT(*) FROM Patients WHERE Sex + 1 > 2", "add needs a number, but \"Sex\" is text")]
    [InlineData("SELECT COUNT(*) FROM (SELECT * FROM Patients WHERE Arm IN ('control', 2)) s", "cannot compare \"Arm\" (text) with 2 (a number)")]
    [InlineData("SELECT COUNT(*) FROM Patients WHERE Age BETWEEN 'a' AND 90", "cannot compare \"Age\" (a number) with 'a' (text)")]
    [InlineData("SELECT g, COUNT(*) FROM (SELECT CASE WHEN Age > 50 THEN 'old' ELSE 'young' END AS g, * FROM Patients) s WHERE g = 1 GROUP BY g", "cannot compare \"g\" (text) with 1 (a number)")]
    public async Task Type_errors_are_found_from_the_metadata_before_the_charge(string sql, string message)
    {
        var ledger = await Ledger(1);
        var error = await Assert.ThrowsAsync<QueryException>(() => DpQueryEngine.ExecuteAsync(sql, 0.1, _metadata, _tables, ledger, "alice", "trial"));
        Assert.Contains(message, error.Message);
        Assert.Contains("nothing was charged", error.Message);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }

    [Theory]
    [InlineData("SELECT PERCENTILE_CONT(Age, 1.5) FROM Patients", "fraction must be between 0 and 1")]
    [InlineData("SELECT PERCENTILE_CONT(Age, -0.1) FROM Patients", "PERCENTILE_CONT needs a constant fraction between 0 and 1")]
    public async Task A_bad_quantile_fraction_is_refused_before_the_charge(string sql, string message)
    {
        var ledger = await Ledger(1);
        var error = await Assert.ThrowsAsync<QueryException>(() => DpQueryEngine.ExecuteAsync(sql, 0.1, _metadata, _tables, ledger, "alice", "trial"));
        Assert.Contains(message, error.Message);
        Assert.Equal(0, (await ledger.GetAsync("alice", "trial"))!.EpsilonSpent);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }
}
