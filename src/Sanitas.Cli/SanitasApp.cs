using System.CommandLine;
using System.CommandLine.Help;
using Sanitas.Cli.Commands;
using Sanitas.Cli.Demo;
using Sanitas.Cli.Rendering;

namespace Sanitas.Cli;

/// <summary>The <c>sanitas</c> command line: its commands, and running them on the real or a captured console.</summary>
internal static class SanitasApp
{
    /// <summary>
    /// Runs on the process console. SIGINT (Ctrl+C) and SIGTERM cancel the running command, which
    /// deletes its temporary files and ends with "Cancelled; nothing was written." and exit code 130
    /// or 143 (see <see cref="Signals"/>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var console = new SpectreCliConsole(Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
        using var signals = Signals.Install(Console.Error);
        // ProcessTerminationTimeout = null: System.CommandLine's own Ctrl+C handler would kill the process
        // before the command has deleted its temporary files; Signals does it instead.
        var configuration = new InvocationConfiguration { Output = Console.Out, Error = Console.Error, ProcessTerminationTimeout = null };
        var code = await RunAsync(args, console, Console.Error, configuration, signals.Token).ConfigureAwait(false);
        return signals.ExitCode(code);
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
        var root = new Command("sanitas", "Privacy engineering for health data: anonymize a table and measure and attack its re-identification risk; query it with differential privacy under a per-analyst budget; train DP models; synthesize DP data; learn across centres; serve it all as a web service.")
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
            new ServeCommand(console),
            new DicomCommand(console),
            new NodeCommand(console),
            new FederateCommand(console),
            new MicroaggregateCommand(console),
            new KmAnonymizeCommand(console),
            new SynthCommand(console),
            new TimeSeriesCommand(console),
        };
        CliNumbers.Apply(root);
        return root;
    }

    private static async Task<int> RunAsync(string[] args, ICliConsole console, TextWriter error, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        var parse = CreateRootCommand(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync("error: " + SpectreCliConsole.Printable(parseError.Message)).ConfigureAwait(false);
            }
            var command = string.Join(' ', ["sanitas", .. CommandPath(parse.CommandResult)]);
            await error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidArguments;
        }
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The names of the commands from the root's child down to <paramref name="result"/> (<c>budget set</c>).</summary>
    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var r = result; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Push(r.Command.Name);
        }
        return names;
    }
}
