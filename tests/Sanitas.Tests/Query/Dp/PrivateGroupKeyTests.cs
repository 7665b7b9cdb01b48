using System.Globalization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Tests.Query.Dp;

/// <summary>
/// GROUP BY on a private key: only groups that pass DP partition selection are released (Korolova et
/// al. 2009; Desfontaines et al. 2022), the query costs (ε, δ), and δ is charged before any data is read.
/// </summary>
public sealed class PrivateGroupKeyTests : IDisposable
{
    private const string Metadata = """
        tables:
          Patients:
            privacyUnit: PatientId
            maxRowsPerUnit: 1
            columns:
              PatientId: { type: integer, privacyUnit: true }
              Age:       { type: integer, lower: 18, upper: 100 }
              Clinic:    { type: text }
              Postcode:  { type: integer, lower: 1000, upper: 9999, private: true }
              Sex:       { type: text, public: [male, female] }
          Visits:
            privacyUnit: PatientId
            maxRowsPerUnit: 4
            maxGroupsPerUnit: 2
            columns:
              PatientId: { type: integer, privacyUnit: true }
              Ward:      { type: text }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("sanitas-private-keys-").FullName;
    private readonly DatabaseMetadata _metadata = MetadataLoader.Parse(new StringReader(Metadata), "private.yaml");
    private readonly Dictionary<string, Table> _tables;

    public PrivateGroupKeyTests()
    {
        // 150 patients in the big clinic, 40 in the medium one, 2 in "Rare Pair" and 1 in "Lonely".
        var clinics = Enumerable.Repeat("Big", 150).Concat(Enumerable.Repeat("Medium", 40)).Concat(["Rare Pair", "Rare Pair", "Lonely"]).ToList();
        var ids = Enumerable.Range(1, clinics.Count).ToList();
        static Column Ints(string name, IEnumerable<int> values) => Column.FromValues(name, values.Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)), ColumnType.Integer);
        var visitIds = ids.SelectMany(id => Enumerable.Repeat(id, 3)).ToList();
        _tables = new Dictionary<string, Table>
        {
            ["Patients"] = new([
                Ints("PatientId", ids),
                Ints("Age", ids.Select(i => 30 + i % 50)),
                Column.FromValues("Clinic", clinics.Select(c => (string?)c)),
                Ints("Postcode", ids.Select(i => i <= 100 ? 4051 : 8000 + i)),
                Column.FromValues("Sex", ids.Select(i => (string?)(i % 2 == 0 ? "female" : "male")))]),
            // Every patient visits three wards: A, B and their own private one.
            ["Visits"] = new([
                Ints("PatientId", visitIds),
                Column.FromValues("Ward", visitIds.Select((id, i) => (string?)(i % 3 == 0 ? "A" : i % 3 == 1 ? "B" : "own-" + id)))]),
        };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<SqliteBudgetLedger> Ledger(double epsilon, double delta)
    {
        var ledger = new SqliteBudgetLedger(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".sqlite"));
        await ledger.SetBudgetAsync("alice", "trial", epsilon, delta);
        return ledger;
    }

    [Fact]
    public void The_plan_splits_epsilon_with_the_selection_and_states_delta()
    {
        var plan = DpQueryEngine.Plan("SELECT Clinic, COUNT(*) FROM Patients GROUP BY Clinic", 1.0, 1e-6, _metadata);
        Assert.True(plan.Keys.Single().IsPrivate);
        Assert.Empty(plan.Keys.Single().Domain);
        Assert.Equal(0.5, plan.SelectionEpsilon, 12);           // one share for selection, one for the count
        Assert.Equal(0.5, plan.Aggregates.Single().Epsilon, 12);
        Assert.Equal(1e-6, plan.Delta);
        Assert.Equal(1, plan.MaxPartitionsPerUnit);
        var visits = DpQueryEngine.Plan("SELECT Ward, COUNT(*) FROM Visits GROUP BY Ward", 1.0, 1e-6, _metadata);
        Assert.Equal(2, visits.MaxPartitionsPerUnit);            // min(R = 4, G = 2)
        // A public-key query charges no δ even when δ is offered.
        Assert.Equal(0, DpQueryEngine.Plan("SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex", 1.0, 1e-6, _metadata).Delta);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Rare_groups_are_never_released_and_large_ones_always()
    {
        // ε = 1 (0.5 on selection, Δ₀ = 1: scale 2), δ = 1e-6: threshold τ = 28 distinct patients. A group
        // of 1 survives with probability ≤ δ, a group of 2 with ≤ δ·e^{1/2}; 400 trials never see either.
        var ledger = await Ledger(1e6, 0.5);
        var random = new SeededRandomForTests(20261203);
        var released = new Dictionary<string, int>();
        const int trials = 400;
        for (var t = 0; t < trials; t++)
        {
            var result = await DpQueryEngine.ExecuteAsync("SELECT Clinic, COUNT(*) FROM Patients GROUP BY Clinic", new ApproximateDp(1, 1e-6), _metadata, _tables, ledger, "alice", "trial", random);
            foreach (var row in result.Rows)
            {
                released[(string)row[0]!] = released.GetValueOrDefault((string)row[0]!) + 1;
            }
            Assert.Equal(result.Rows.Count, result.ConfidenceIntervals.Count);
        }
        Assert.Equal(trials, released["Big"]);
        // 40 patients against τ = 28: missed when the noise is ≤ −12 (probability about 0.0015 per trial).
        Assert.InRange(released["Medium"], trials - 5, trials);
        Assert.False(released.ContainsKey("Rare Pair"));
        Assert.False(released.ContainsKey("Lonely"));
        var budget = (await ledger.GetAsync("alice", "trial"))!;
        Assert.Equal(trials * 1e-6, budget.DeltaSpent, 12);
        Assert.Equal(trials * 1.0, budget.EpsilonSpent, 9);
    }

    [Fact]
    public async Task A_private_integer_key_and_a_public_key_release_the_selected_values_crossed_with_the_public_domain()
    {
        var ledger = await Ledger(1e13, 0.5);
        var result = await DpQueryEngine.ExecuteAsync("SELECT Postcode, Sex, COUNT(*) FROM Patients GROUP BY Postcode, Sex", new ApproximateDp(1e9, 1e-9), _metadata, _tables, ledger, "alice", "trial");
        // Only postcode 4051 (100 patients) passes; every other postcode has one patient.
        Assert.Equal([(object)4051L, 4051L], result.Rows.Select(r => r[0]));
        Assert.Equal(["female", "male"], result.Rows.Select(r => (string)r[1]!).Order());
        Assert.All(result.Rows, r => Assert.Equal(50.0, (double)r[2]!));
        Assert.Equal(1e-9, result.DeltaSpent);
        Assert.Equal(0.5 - 1e-9, result.DeltaRemaining, 15);
    }

    [Fact]
    public async Task Each_person_counts_in_at_most_delta0_private_groups()
    {
        // Every patient visits wards A, B and their own: bounded to G = 2 of the three, chosen at random
        // per person. The private wards have at most one person each and never pass selection.
        var ledger = await Ledger(1e13, 0.5);
        var result = await DpQueryEngine.ExecuteAsync("SELECT Ward, COUNT(DISTINCT PatientId) FROM Visits GROUP BY Ward", new ApproximateDp(1e9, 1e-6), _metadata, _tables, ledger, "alice", "trial", new SeededRandomForTests(5));
        Assert.Equal(["A", "B"], result.Rows.Select(r => (string)r[0]!));
        var (a, b) = ((double)result.Rows[0][1]!, (double)result.Rows[1][1]!);
        // Each person keeps two of three groups: at least one of A and B, at most both (193 persons).
        Assert.InRange(a + b, 193, 386);
        // Each of A, B is kept with probability 2/3: 128.7 ± 6.5 expected; far from both ends.
        Assert.InRange(a, 100, 160);
        Assert.InRange(b, 100, 160);
    }

    [Fact]
    public async Task Over_the_delta_budget_nothing_is_charged_or_released()
    {
        var ledger = await Ledger(10, 1e-7);
        var error = await Assert.ThrowsAsync<PrivacyBudgetExceededException>(() =>
            DpQueryEngine.ExecuteAsync("SELECT Clinic, COUNT(*) FROM Patients GROUP BY Clinic", new ApproximateDp(1, 1e-6), _metadata, _tables, ledger, "alice", "trial"));
        Assert.Contains("δ = 1E-06", error.Message, StringComparison.OrdinalIgnoreCase);
        var budget = (await ledger.GetAsync("alice", "trial"))!;
        Assert.Equal(0, budget.EpsilonSpent);
        Assert.Equal(0, budget.DeltaSpent);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }

    [Theory]
    [InlineData("SELECT Clinic, COUNT(*) FROM Patients GROUP BY Clinic", 0, "line 1, column 48: the group key \"Clinic\" is private (no public values): its groups are chosen by DP partition selection, which needs δ > 0")]
    [InlineData("SELECT Clinic, Postcode, COUNT(*) FROM Patients GROUP BY Clinic, Postcode", 1e-6, "line 1, column 66: at most one private group key per query")]
    [InlineData("SELECT PatientId, COUNT(*) FROM Patients GROUP BY PatientId", 1e-6, "line 1, column 51: the group key \"PatientId\" is the privacy unit")]
    public async Task Private_keys_without_delta_or_too_many_are_refused_before_the_charge(string sql, double delta, string message)
    {
        var ledger = await Ledger(10, 1e-3);
        var error = await Assert.ThrowsAsync<QueryException>(() => DpQueryEngine.ExecuteAsync(sql, new ApproximateDp(1, delta), _metadata, _tables, ledger, "alice", "trial"));
        Assert.Contains(message, error.Message);
        Assert.Empty(await ledger.GetEntriesAsync("alice"));
    }

    [Fact]
    public void Private_and_public_together_is_a_metadata_error()
    {
        var error = Assert.Throws<ConfigException>(() => MetadataLoader.Parse(new StringReader("""
            tables:
              T:
                privacyUnit: Id
                maxRowsPerUnit: 1
                columns:
                  Id: { type: integer }
                  Site: { type: text, public: [a, b], private: true }
            """), "bad.yaml"));
        Assert.Contains("bad.yaml", error.Message);
        Assert.Contains("declares both public values and private: true", error.Message);
    }
}
