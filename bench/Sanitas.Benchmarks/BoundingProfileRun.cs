using System.Diagnostics;
using System.Globalization;
using Sanitas.Data;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Benchmarks;

/// <summary>
/// Where a DP query's time goes when persons exceed their bounds: each stage timed on its own (the
/// narrow input, the bounding, the totals and noise in memory; each pushdown statement on SQLite and
/// PostgreSQL, with PostgreSQL's plan of the ranked statement). Run with the bound below the rows per
/// patient: <c>SANITAS_BENCH_MAX_ROWS=500 dotnet run -c Release -- --profile-bounding [rounds]</c>,
/// through scripts/with-postgres.sh to include PostgreSQL.
/// </summary>
internal static class BoundingProfileRun
{
    public static void Run(int rounds)
    {
        var benchmarks = new DpQueryBenchmarks();
        benchmarks.Setup();
        if (Environment.GetEnvironmentVariable("SANITAS_TEST_POSTGRES") is { Length: > 0 } postgres)
        {
            benchmarks.LoadPostgres(postgres);
        }
        try
        {
            var queries = Environment.GetEnvironmentVariable("SANITAS_BENCH_QUERIES") is { Length: > 0 } only ? only.Split(',') : ["arm", "foot-sensor"];
            foreach (var keys in queries)
            {
                benchmarks.Keys = keys;
                var plan = DpQueryEngine.Plan(benchmarks.Sql, 1.0, benchmarks.Metadata);
                var salt = ContributionBounding.DrawSalt(new SeededRandomForTests(1));
                Relation narrow = null!;
                List<BoundedRow> kept = null!;
                Time(keys, "memory: narrow input", rounds, () => narrow = DpNarrowInput.InMemory(plan, benchmarks.Tables));
                Time(keys, "memory: bounding", rounds, () => kept = ContributionBounding.Bound(plan, narrow, salt));
                Time(keys, "memory: totals and noise", rounds, () => DpRelease.AggregateAndNoise(plan, narrow, kept, new SeededRandomForTests(2)));
                Time(keys, "memory: exact query", rounds, () => benchmarks.Exact());
                foreach (var database in new[] { benchmarks.Database, benchmarks.Postgres })
                {
                    if (database is null)
                    {
                        continue;
                    }
                    using var target = DatabaseTarget.Of(database);
                    var dialect = target.Dialect;
                    var name = dialect.IsPostgreSql ? "PostgreSQL" : "SQLite";
                    void Sql(string stage, string sql) => Time(keys, $"{name}: {stage}", rounds, () =>
                        target.QueryValuesAsync(sql, ContributionBounding.PrepareConnection(salt, plan.MaxRowsPerUnit), CancellationToken.None).GetAwaiter().GetResult());
                    Sql("narrow rows", DpPushdownSql.Narrow(plan, dialect));
                    if (plan.Keys.All(k => k.IsPersonLevel))
                    {
                        Sql("person-level pass", DpPushdownSql.PersonLevel(plan, dialect));
                    }
                    Sql("one pass", DpPushdownSql.OnePass(plan, dialect));
                    Sql("ranked bounding", DpPushdownSql.Aggregate(plan, dialect, salt));
                    Sql("ranked bounding, row bound only", DpPushdownSql.AggregateRowsOnly(plan, dialect, salt));
                    Time(keys, $"{name}: exact query", rounds, () => _ = dialect.IsPostgreSql ? benchmarks.PostgresExact() : benchmarks.SqliteExact());
                    if (dialect.IsPostgreSql)
                    {
                        foreach (var sql in new[] { DpPushdownSql.Aggregate(plan, dialect, salt), DpPushdownSql.AggregateRowsOnly(plan, dialect, salt) })
                        {
                            var explain = target.QueryValuesAsync("EXPLAIN (ANALYZE, BUFFERS) " + sql, CancellationToken.None).GetAwaiter().GetResult();
                            foreach (var line in explain.Columns[0])
                            {
                                Console.WriteLine("    " + line);
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static void Time(string keys, string stage, int rounds, Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-12} {1,-32} median {2,8:F0} ms (min {3:F0}, max {4:F0})", keys, stage, times[times.Count / 2], times[0], times[^1]));
    }
}
