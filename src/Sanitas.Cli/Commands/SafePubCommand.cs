using System.Globalization;
using Sanitas.Anonymization;
using Sanitas.Cli.Rendering;
using Sanitas.Workflows;

namespace Sanitas.Cli.Commands;

/// <summary>The differentially private branch of <c>sanitas anonymize</c> (SafePub): a configuration with <c>differential-privacy</c>.</summary>
internal static class SafePubCommand
{
    public static int Run(ICliConsole console, string config, string? input, string? output, string? report, string? ledger, string? analyst, string? dataset, CancellationToken ct)
    {
        var result = console.RunWithProgress("SafePub search", progress =>
            SafePubFileAnonymizer.RunAsync(config, input, output, report, ledger, analyst, dataset, progress, ct).GetAwaiter().GetResult());
        var c = CultureInfo.InvariantCulture;
        var r = result.Result;
        console.WriteLine(string.Create(c, $"SafePub: (ε = {r.Settings.Epsilon:G6}, δ = {r.Settings.Delta:G3}); sampling probability β = {r.Parameters.Beta:0.####}, k = {r.Parameters.K}; {r.StepsTaken} search steps ({r.Settings.Score.ToString().ToLowerInvariant()} score)."));
        console.WriteLine("Transformation: " + string.Join(", ", r.Transformation.Select((t, i) => string.Create(c, $"{t.Key} {t.Value}/{r.MaxLevels[i]}"))));
        console.WriteLine(string.Create(c, $"Released {r.Output.RowCount:N0} records in {r.EquivalenceClasses:N0} classes to {result.Output}; report {result.ReportPath}."));
        console.WriteLine(result.Charge is { } charge
            ? string.Create(c, $"Charged ε = {charge.Epsilon:G6}, δ = {charge.Delta:G3} to '{charge.Analyst}' on '{charge.Dataset}'.")
            : "No ledger charged (no --ledger): the operator's own release.");
        return ExitCodes.Success;
    }
}
