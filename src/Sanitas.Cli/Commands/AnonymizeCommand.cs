using System.CommandLine;
using Sanitas.Anonymization;
using Sanitas.Cli.Rendering;
using Sanitas.Risk;
using Sanitas.Workflows;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas anonymize</c>: anonymizes a CSV file as a YAML configuration says.</summary>
internal sealed class AnonymizeCommand : Command
{
    private readonly Option<string> _config = new("--config", "-c") { Description = "The YAML configuration (roles, hierarchies, privacy models).", Required = true };
    private readonly Option<string?> _input = new("--input", "-i") { Description = "The CSV file to anonymize (default: the configuration's 'input')." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Where to write the anonymized CSV (default: the configuration's 'output')." };
    private readonly Option<string?> _inputDb = new("--input-db") { Description = "Read the input from a database instead of a CSV file: a SQLite file or an Npgsql connection string (Host=...;Port=...;Username=...;Database=...); needs --input-table." };
    private readonly Option<string?> _inputTable = new("--input-table") { Description = "The table of --input-db to anonymize." };
    private readonly Option<bool?> _pushDown = new("--push-down") { Description = "With --input-db: count the quasi-identifier tuples in the database with GROUP BY (true) or here (false); default: in PostgreSQL from 1,000,000 rows on, here for SQLite." };
    private readonly Option<string?> _report = new("--report", "-r") { Description = "Where to write the JSON report (default: the configuration's 'report', else OUTPUT with extension .report.json)." };
    private readonly Option<string?> _html = new("--html") { Description = "Also write one self-contained HTML page comparing risk and utility before and after." };
    private readonly Option<string?> _ledger = new("--ledger") { Description = "With differential-privacy: the budget ledger charged before the data is read (SQLite file or Npgsql connection string)." };
    private readonly Option<string?> _analyst = new("--analyst", "-a") { Description = "With --ledger: the analyst charged." };
    private readonly Option<string?> _dataset = new("--dataset") { Description = "With --ledger: the ledger's dataset name (default: the ledger database's name)." };

    public AnonymizeCommand(ICliConsole console)
        : base("anonymize", "Anonymize a CSV file: generalize and suppress until every privacy model holds, with the least information loss.")
    {
        Options.Add(_input);
        Options.Add(_config);
        Options.Add(_output);
        Options.Add(_report);
        Options.Add(_inputDb);
        Options.Add(_inputTable);
        Options.Add(_pushDown);
        Options.Add(_html);
        Options.Add(_ledger);
        Options.Add(_analyst);
        Options.Add(_dataset);
        SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(console, () =>
        {
            if (parse.GetValue(_inputDb) is { } db)
            {
                if (parse.GetValue(_inputTable) is not { } tableName || parse.GetValue(_input) is not null)
                {
                    console.WriteError("--input-db needs --input-table, and excludes --input.");
                    return ExitCodes.InvalidArguments;
                }
                if (AnonymizationConfigLoader.Load(parse.GetValue(_config)!).DifferentialPrivacy is not null || parse.GetValue(_ledger) is not null)
                {
                    throw new InvalidOptionException("--input-db does not take a differential-privacy configuration or --ledger (SafePub reads a CSV file).");
                }
                var fromDb = AnonymizationProgressView.Run(console, progress =>
                    DatabaseAnonymizer.Run(parse.GetValue(_config)!, db, tableName, parse.GetValue(_output), parse.GetValue(_report), parse.GetValue(_pushDown), progress, ct));
                ReportView.WriteSummary(console, fromDb);
                ReportView.WriteFiles(console, fromDb);
                return ExitCodes.Success;
            }
            if (AnonymizationConfigLoader.Load(parse.GetValue(_config)!).DifferentialPrivacy is not null)
            {
                return SafePubCommand.Run(console, parse.GetValue(_config)!, parse.GetValue(_input), parse.GetValue(_output), parse.GetValue(_report),
                    parse.GetValue(_ledger), parse.GetValue(_analyst), parse.GetValue(_dataset), ct);
            }
            if (parse.GetValue(_ledger) is not null)
            {
                throw new InvalidOptionException("--ledger charges a differentially private release; this configuration has no differential-privacy model (k-anonymity and its kin are not charged).");
            }
            // Without a risk: section this is FileAnonymizer.Run; with one, the closed loop.
            var report = AnonymizationProgressView.Run(console, progress =>
                RiskLoopFileAnonymizer.Run(parse.GetValue(_config)!, parse.GetValue(_input), parse.GetValue(_output), parse.GetValue(_report), parse.GetValue(_html), progress, ct));
            ReportView.WriteSummary(console, report);
            if (report.RiskLoop is { } steps)
            {
                RiskCommand.WriteLoop(console, steps);
            }
            ReportView.WriteFiles(console, report);
            if (parse.GetValue(_html) is { } html)
            {
                console.WriteLine($"HTML report:         {Path.GetFullPath(html)}");
            }
            return report.RiskLoop is { Count: > 0 } loop && loop[^1].Verdict != "pass" ? ExitCodes.RiskThresholdExceeded : ExitCodes.Success;
        }), CancellationToken.None));
    }
}
