using System.Diagnostics;
using System.Globalization;

namespace Sanitas.Benchmarks;

/// <summary>
/// DP against exact query time measured in pairs: each round runs the exact query and the DP query
/// back to back on the same engine, in alternating order, and the ratio is taken per round. On a
/// shared machine whose speed drifts over minutes, the median of those paired ratios is steadier
/// than the ratio of means from BenchmarkDotNet's separate runs.
/// <c>dotnet run -c Release -- --paired [rounds]</c>; run through scripts/with-postgres.sh to include PostgreSQL.
/// </summary>
internal static class PairedDpQueryRun
{
    public static void Run(int rounds)
    {
        var benchmarks = new DpQueryBenchmarks();
        benchmarks.Setup();
        // With a PostgreSQL server (scripts/with-postgres.sh sets SANITAS_TEST_POSTGRES), PostgreSQL too.
        if (Environment.GetEnvironmentVariable("SANITAS_TEST_POSTGRES") is { Length: > 0 } postgres)
        {
            benchmarks.LoadPostgres(postgres);
        }
        try
        {
            Console.WriteLine($"| query | engine | exact (median) | DP (median) | DP / exact (median of {rounds} paired rounds) | range of ratios |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
            // SANITAS_BENCH_QUERIES=arm (comma-separated) measures only those queries.
            var queries = Environment.GetEnvironmentVariable("SANITAS_BENCH_QUERIES") is { Length: > 0 } only ? only.Split(',') : ["arm", "foot-sensor"];
            foreach (var keys in queries)
            {
                benchmarks.Keys = keys;
                Measure(keys, "in memory", () => benchmarks.Exact(), () => benchmarks.Private(), rounds);
                Measure(keys, "SQLite", () => benchmarks.SqliteExact(), () => benchmarks.SqlitePrivate(), rounds);
                if (benchmarks.Postgres is not null)
                {
                    Measure(keys, "PostgreSQL", () => benchmarks.PostgresExact(), () => benchmarks.PostgresPrivate(), rounds);
                }
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static void Measure(string keys, string engine, Func<object> exact, Func<object> dp, int rounds)
    {
        // Warm-up: JIT, SQLite's page cache.
        for (var i = 0; i < 2; i++)
        {
            exact();
            dp();
        }
        var exactTimes = new List<double>();
        var dpTimes = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double Time(Func<object> f)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                f();
                return watch.Elapsed.TotalMilliseconds;
            }
            double e, d;
            if (round % 2 == 0)
            {
                e = Time(exact);
                d = Time(dp);
            }
            else
            {
                d = Time(dp);
                e = Time(exact);
            }
            exactTimes.Add(e);
            dpTimes.Add(d);
            ratios.Add(d / e);
        }
        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(c, "| {0} | {1} | {2:F0} ms | {3:F0} ms | {4:F2} | {5:F2}–{6:F2} |",
            keys, engine, Median(exactTimes), Median(dpTimes), Median(ratios), ratios.Min(), ratios.Max()));
    }
}
