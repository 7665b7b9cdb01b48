using System.CommandLine;
using System.CommandLine.Help;
using Sanitas.Cli.Commands;
using Sanitas.Cli.Demo;
using Sanitas.Cli.Rendering;

namespace Sanitas.Cli;

/// <summary>The <c>sanitas</c> command line: its commands, and running them on the real or a captured console.</summary>
internal static class SanitasApp
{
    /// <summary>Runs on the process console; Ctrl+C cancels the running command.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        var console = new SpectreCliConsole(Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
        return RunAsync(args, console, Console.Error, new InvocationConfiguration { Output = Console.Out, Error = Console.Error }, CancellationToken.None);
    }

    /// <summary>Runs with captured output (tests, embedding): no progress bars, no Ctrl+C handler.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var console = new SpectreCliConsole(output, error, interactive: false);
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return RunAsync(args, console, error, configuration, cancellationToken);
    }

    /// <summary>The root command with every subcommand.</summary>
    public static Command CreateRootCommand(ICliConsole console)
    {
        var root = new Command("sanitas", "Privacy engineering for health data: anonymize a table, query it with differential privacy under a per-analyst budget, and (soon) attack it and synthesize it.")
        {
            new HelpOption { Recursive = true },
            new VersionOption(),
            new AnonymizeCommand(console),
            new DemoCommand(console, DemoSteps.All),
            new BudgetCommand(console),
            new QueryCommand(console),
            new SampleCommand(console),
            new ImportCommand(console),
            new RiskCommand(console),
            new PrivacyCalcCommand(console),
            new AttackCommand(console),
            new TrainCommand(console),
            new PredictCommand(console),
            new ExperimentCommand(console),
            new SynthCommand(console),
        };
        return root;
    }

    private static async Task<int> RunAsync(string[] args, ICliConsole console, TextWriter error, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        var parse = CreateRootCommand(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync("error: " + parseError.Message).ConfigureAwait(false);
            }
            var command = string.Join(' ', parse.CommandResult.Command is { } c && c.Name != "sanitas" ? ["sanitas", c.Name] : new[] { "sanitas" });
            await error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidArguments;
        }
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
