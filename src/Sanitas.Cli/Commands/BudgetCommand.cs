using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Privacy;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas budget set|show</c>: grant an analyst a privacy budget on a database, or show what remains.</summary>
internal sealed class BudgetCommand : Command
{
    public BudgetCommand(ICliConsole console)
        : base("budget", "Manage analysts' privacy budgets (ε, δ) on a database; the ledger refuses any query that would exceed them.")
    {
        Subcommands.Add(Set(console));
        Subcommands.Add(Show(console));
    }

    private static Option<string> Database() => new("--db") { Description = "The database: a SQLite file path or an Npgsql connection string (Host=...;Port=...;Username=...;Database=...).", Required = true };

    private static Option<string?> Ledger() => new("--ledger") { Description = "Where the ledger lives, if not in the database itself (same forms as --db)." };

    private static Option<string> Analyst() => new("--analyst", "-a") { Description = "The analyst's name.", Required = true };

    private static Command Set(ICliConsole console)
    {
        var db = Database();
        var ledger = Ledger();
        var analyst = Analyst();
        var epsilon = new Option<double>("--epsilon", "-e") { Description = "The total ε the analyst may spend on this database.", Required = true };
        var delta = new Option<double>("--delta", "-d") { Description = "The total δ (default 0: pure ε-DP only)." };
        var command = new Command("set", "Grant (or change) an analyst's budget; what was already spent stays spent.") { db, ledger, analyst, epsilon, delta };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var database = parse.GetValue(db)!;
            var location = parse.GetValue(ledger) ?? database;
            var created = !Sanitas.Data.DatabaseTarget.IsPostgreSql(location) && !File.Exists(location);
            var budget = await BudgetLedger.Open(location, createIfMissing: true)
                .SetBudgetAsync(parse.GetValue(analyst)!, BudgetLedger.DatasetName(database), parse.GetValue(epsilon), parse.GetValue(delta), ct).ConfigureAwait(false);
            if (created)
            {
                console.WriteLine($"Created the ledger database {Path.GetFullPath(location)}.");
            }
            console.WriteLine(Describe(budget));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(ICliConsole console)
    {
        var db = Database();
        var ledger = Ledger();
        var analyst = Analyst();
        var format = new Option<string>("--format", "-f") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("show", "Show an analyst's budget: granted, spent, remaining.") { db, ledger, analyst, format };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(console, async () =>
        {
            var database = parse.GetValue(db)!;
            var dataset = BudgetLedger.DatasetName(database);
            var name = parse.GetValue(analyst)!;
            // Open existing only: a mistyped --db must not leave an empty database behind.
            var budget = await BudgetLedger.Open(parse.GetValue(ledger) ?? database, createIfMissing: false).GetAsync(name, dataset, ct).ConfigureAwait(false)
                ?? throw new PrivacyBudgetExceededException($"Analyst '{name}' has no privacy budget on '{dataset}'; set one with 'sanitas budget set'.");
            if (parse.GetValue(format) == "json")
            {
                console.WriteData(BudgetStatement.From(budget).ToJson());
            }
            else
            {
                console.WriteLine(Describe(budget));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Describe(PrivacyBudget b) => string.Create(CultureInfo.InvariantCulture,
        $"{b.Analyst} on {b.Dataset}: ε {b.EpsilonSpent:G6} spent of {b.EpsilonTotal:G6} ({b.EpsilonRemaining:G6} remaining), δ {b.DeltaSpent:G3} of {b.DeltaTotal:G3}");
}
