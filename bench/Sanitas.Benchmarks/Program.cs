using BenchmarkDotNet.Running;

namespace Sanitas.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --filter '*'</c>; <c>-- --paired [rounds]</c> measures DP against exact queries in pairs; <c>-- --http [queries]</c> DP query latency over HTTP; <c>-- --synth [mechanisms] [epsilons] [AIM degree] [runs]</c> synthesis quality on Adult; <c>-- --synth-fit</c> one fit per mechanism with a short job.</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--paired")
        {
            // DP versus exact query time in back-to-back pairs (see PairedDpQueryRun).
            PairedDpQueryRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
            return;
        }
        if (args.Length > 0 && args[0] == "--profile-bounding")
        {
            // Each stage of a DP query's bounding timed on its own (see BoundingProfileRun).
            BoundingProfileRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
            return;
        }
        if (args.Length > 0 && args[0] == "--http")
        {
            // DP query latency over HTTP with 1 and 16 concurrent analysts (see HttpQueryLoadRun).
            HttpQueryLoadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40).GetAwaiter().GetResult();
            return;
        }
        if (args.Length > 0 && args[0] == "--synth")
        {
            // Synthesis quality and CPU time on Adult (see SynthesisQualityRun).
            SynthesisQualityRun.Run(args.Length > 1 ? args[1].Split(',') : ["mst", "aim"],
                [.. (args.Length > 2 ? args[2] : "0.1,1,10").Split(',').Select(e => double.Parse(e, System.Globalization.CultureInfo.InvariantCulture))],
                args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3,
                args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1);
            return;
        }
        if (args.Length > 2 && args[0] == "--aim-draws")
        {
            // AIM draws with their measurements written out, and fits of given measurements (see EstimatorComparisonRun).
            EstimatorComparisonRun.AimDraws(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2],
                args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3,
                args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2,
                args.Length > 5 ? double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 1);
            return;
        }
        if (args.Length > 1 && args[0] == "--fit")
        {
            EstimatorComparisonRun.Fit(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3000);
            return;
        }
        if (args.Length > 0 && args[0] == "--synth-fit")
        {
            // One Adult fit per mechanism with a short BenchmarkDotNet job (see SynthesisFitBenchmarks).
            BenchmarkDotNet.Running.BenchmarkRunner.Run<SynthesisFitBenchmarks>(SynthesisFitBenchmarks.ShortConfig(), [.. args.Skip(1)]);
            return;
        }
        if (args.Length > 1 && args[0] == "--paillier-primes")
        {
            // The fixed test key of CollaborationBenchmarks (made once, committed).
            CollaborationBenchmarks.WritePrimes(args[1]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
    }
}
