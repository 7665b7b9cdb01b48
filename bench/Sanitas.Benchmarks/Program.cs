using BenchmarkDotNet.Running;

namespace Sanitas.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project bench/Sanitas.Benchmarks -- --filter '*'</c>; <c>-- --paired [rounds]</c> measures DP against exact queries in pairs; <c>-- --http [queries]</c> DP query latency over HTTP.</summary>
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
        if (args.Length > 0 && args[0] == "--http")
        {
            // DP query latency over HTTP with 1 and 16 concurrent analysts (see HttpQueryLoadRun).
            HttpQueryLoadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
    }
}
