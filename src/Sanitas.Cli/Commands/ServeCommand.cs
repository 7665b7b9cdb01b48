using System.CommandLine;
using Sanitas.Cli.Rendering;
using Sanitas.Server.Hosting;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas serve</c>: runs the Sanitas service (REST API, OpenAPI document, browser UI) until Ctrl+C.</summary>
internal sealed class ServeCommand : Command
{
    private readonly Option<string> _dataDir = new("--data-dir") { Description = "Where the store (SQLite), uploads, projects and job results live.", DefaultValueFactory = _ => "sanitas-data" };
    private readonly Option<string> _urls = new("--urls") { Description = "The addresses to listen on, e.g. http://localhost:5080 or https://0.0.0.0:5443 (with a configured certificate).", DefaultValueFactory = _ => "http://localhost:5080" };
    private readonly Option<bool> _demo = new("--demo") { Description = "Load the demo: the smart-insole trial (DP queries), the Adult project (anonymization), users steward/analyst/admin with tokens in DIR/demo-tokens.json." };
    private readonly Option<string?> _store = new("--store") { Description = "A PostgreSQL connection string (Host=...;Username=...;Database=...) for the store and the budget ledger, instead of DIR/sanitas.db." };

    public ServeCommand(ICliConsole console)
        : base("serve", "Run the Sanitas service: the REST API (OpenAPI at /openapi/v1.json), roles and budgets, jobs, and the browser UI.")
    {
        Options.Add(_dataDir);
        Options.Add(_urls);
        Options.Add(_demo);
        Options.Add(_store);
        SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var dataDir = Path.GetFullPath(parse.GetValue(_dataDir)!);
            var urls = parse.GetValue(_urls)!;
            List<string> args = [$"--Sanitas:DataDir={dataDir}", $"--urls={urls}", $"--Sanitas:Demo={parse.GetValue(_demo)}"];
            if (parse.GetValue(_store) is { Length: > 0 } store)
            {
                args.Add($"--Sanitas:Store={store}");
            }
            console.WriteLine($"Sanitas service: open {urls.Split(';')[0].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)}/ (API description at /openapi/v1.json); data in {dataDir}. Ctrl+C stops it.");
            await ServerHost.RunAsync([.. args], ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
    }
}
