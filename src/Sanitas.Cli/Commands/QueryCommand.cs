using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas query</c>: answer SQL with differential privacy, charged to the analyst's budget first.</summary>
internal sealed class QueryCommand : Command
{
    private readonly Option<string> _db = new("--db") { Description = "The database: a SQLite file path or an Npgsql connection string (Host=...;Port=...;Username=...;Database=...).", Required = true };
    private readonly Option<string> _metadata = new("--metadata", "-m") { Description = "The DP metadata (YAML): privacy units, contribution bounds, column bounds, public keys.", Required = true };
    private readonly Option<string> _analyst = new("--analyst", "-a") { Description = "The analyst asking (charged).", Required = true };
    private readonly Option<double> _epsilon = new("--epsilon", "-e") { Description = "The ε to spend on this query.", Required = true };
    private readonly Option<double> _delta = new("--delta") { Description = "The δ partition selection may spend when a GROUP BY key is private (its groups are not public), e.g. 1e-6; charged only then.", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _ledger = new("--ledger") { Description = "Where the budget ledger lives, if not in the database itself." };
    private readonly Option<string> _format = new("--format", "-f") { Description = "text or json.", DefaultValueFactory = _ => "text" };
    private readonly Option<bool> _explain = new("--explain") { Description = "Plan only: show what the query would cost (ε, δ) and how accurate each released value would be (bounds, sensitivity, noise scale, 95% half-width). Charges nothing, reads no data, needs no budget." };
    private readonly Option<bool> _clampCounts = new("--clamp-counts") { Description = "Show negative noisy counts as 0 (post-processing: costs no privacy; a true count is never negative, so the interval still holds)." };
    private readonly Argument<string?> _sql = new("sql") { Description = "The query, e.g. \"SELECT Sex, COUNT(*) FROM Patients GROUP BY Sex\".", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _rowsPerPerson = new("--rows-per-person") { Description = "Instead of a query: a DP histogram of how many rows each person has in this table (buckets 1, 2, 3-4, 5-8, ...), to choose maxRowsPerUnit. Charged like a query." };
    private readonly Option<string?> _groupsPerPerson = new("--groups-per-person") { Description = "With --rows-per-person: also how many distinct values of this column each person has, to choose maxGroupsPerUnit (ε split in half)." };

    public QueryCommand(ICliConsole console)
        : base("query", "Answer a SQL query with differential privacy: noisy aggregates with 95% intervals, charged to the analyst's budget before any data is read.")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_db);
        Options.Add(_metadata);
        Options.Add(_analyst);
        Options.Add(_epsilon);
        Options.Add(_delta);
        Options.Add(_ledger);
        Options.Add(_format);
        Options.Add(_explain);
        Options.Add(_clampCounts);
        Options.Add(_rowsPerPerson);
        Options.Add(_groupsPerPerson);
        Arguments.Add(_sql);
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var db = parse.GetValue(_db)!;
            var metadata = MetadataLoader.Load(parse.GetValue(_metadata)!);
            var (epsilon, delta) = (parse.GetValue(_epsilon), parse.GetValue(_delta));
            if (!double.IsFinite(delta) || delta < 0 || delta >= 1)
            {
                throw new QueryException(string.Create(CultureInfo.InvariantCulture, $"--delta must be in [0, 1), got {delta}."));
            }
            var cost = double.IsFinite(epsilon) && epsilon >= 0 ? new ApproximateDp(epsilon, delta) : throw new QueryException(string.Create(CultureInfo.InvariantCulture, $"--epsilon must be a positive number, got {epsilon}."));
            if (parse.GetValue(_rowsPerPerson) is { } histogramTable)
            {
                if (parse.GetValue(_sql) is not null || parse.GetValue(_explain))
                {
                    throw new QueryException("--rows-per-person takes no SQL and no --explain: it releases one histogram.");
                }
                var histogramLedger = BudgetLedger.Open(parse.GetValue(_ledger) ?? db, createIfMissing: false);
                var histogram = await DpContributionHistogram.ExecuteOnDatabaseAsync(histogramTable, parse.GetValue(_groupsPerPerson), epsilon, metadata, db,
                    histogramLedger, parse.GetValue(_analyst)!, BudgetLedger.DatasetName(db), null, ct).ConfigureAwait(false);
                ContributionHistogramView.Write(console, histogram, parse.GetValue(_format) == "json");
                return ExitCodes.Success;
            }
            if (parse.GetValue(_groupsPerPerson) is not null)
            {
                throw new QueryException("--groups-per-person goes with --rows-per-person TABLE.");
            }
            var sql = parse.GetValue(_sql) ?? throw new QueryException("give the SQL query to answer (or --rows-per-person TABLE for a contribution histogram).");
            if (parse.GetValue(_explain))
            {
                // The ledger is never opened: an explanation costs nothing and works without a budget.
                var explanation = await DpQueryExplanation.ExplainOnDatabaseAsync(sql, cost, metadata, db, ct).ConfigureAwait(false);
                QueryExplanationView.Write(console, explanation, parse.GetValue(_format) == "json");
                return ExitCodes.Success;
            }
            // Open existing only: a mistyped --ledger must fail naming it, not answer from a new empty ledger.
            var ledger = BudgetLedger.Open(parse.GetValue(_ledger) ?? db, createIfMissing: false);
            var result = await DpQueryEngine.ExecuteOnDatabaseAsync(sql, cost,
                metadata, db, ledger, parse.GetValue(_analyst)!, BudgetLedger.DatasetName(db), null, ct).ConfigureAwait(false);
            if (parse.GetValue(_clampCounts))
            {
                result = result.WithNonNegativeCounts();
            }
            if (parse.GetValue(_format) == "json")
            {
                console.WriteData(DpQueryAnswer.From(result).ToJson());
                return ExitCodes.Success;
            }
            var rows = result.Rows.Select((row, i) => (IReadOnlyList<string>)row.Select((v, c) =>
                result.ConfidenceIntervals[i][c] is { } hw ? $"{Format(v)} ± {Format(hw)}{(result.IntervalUnits.ElementAtOrDefault(c) == "rank" ? " ranks" : "")}" : Format(v)).ToList());
            console.WriteTable(result.Columns, rows);
            if (result.ReleaseThreshold is { } tau)
            {
                // No silent drops: say that groups are hidden and why, never which.
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Groups of the private key whose noisy count of persons is under τ = {tau:N0} are not shown (partition selection; τ comes from ε, δ and the contribution bounds, not from the data; which groups were dropped stays hidden)."));
            }
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ε spent {result.EpsilonSpent:G6}, remaining {result.EpsilonRemaining:G6}{(result.DeltaSpent > 0 ? $"; δ spent {result.DeltaSpent:G3}, remaining {result.DeltaRemaining:G3}" : "")}. Intervals: 95% for the noise added (sampling error not included); quantiles' in ranks (rows of the group)."));
            return ExitCodes.Success;
        }));
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
