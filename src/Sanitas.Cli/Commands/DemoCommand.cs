using System.CommandLine;
using Sanitas.Cli.Demo;
using Sanitas.Cli.Rendering;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas demo</c>: runs every demo step on the bundled samples.</summary>
internal sealed class DemoCommand : Command
{
    private readonly Option<string> _out = new("--out") { Description = "The folder the demo writes its files to.", DefaultValueFactory = _ => "sanitas-demo" };

    public DemoCommand(ICliConsole console, IReadOnlyList<IDemoStep> steps)
        : base("demo", "A first run: anonymize the Adult census sample at k = 5 (as ARX does), then answer the smart-insole trial's study query with differential privacy.")
    {
        Options.Add(_out);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            var context = new DemoContext(console, Demo.Samples.Locate(), Directory.CreateDirectory(parse.GetValue(_out)!).FullName, ct);
            foreach (var step in steps)
            {
                console.WriteHeading(step.Title);
                step.Run(context);
                console.WriteLine();
            }
            console.WriteLine($"Done. The demo's files are in {context.OutputDirectory}.");
            return ExitCodes.Success;
        }), CancellationToken.None));
    }
}
