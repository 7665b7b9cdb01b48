using System.CommandLine;
using System.Globalization;
using Sanitas.Cli.Rendering;
using Sanitas.Risk.Attacks;
using Sanitas.Samples;
using Sanitas.Workflows;

namespace Sanitas.Cli.Commands;

/// <summary><c>sanitas attack linkage|inference|membership|timeseries</c>: simulated attacks on released data, each with its success rate, interval and baseline.</summary>
internal sealed class AttackCommand : Command
{
    private readonly ICliConsole _console;

    public AttackCommand(ICliConsole console)
        : base("attack", "Attack released data: linkage, attribute inference, membership inference, time-series linkage. Reports the success rate with a 95% interval against a guesser's baseline.")
    {
        _console = console;
        Subcommands.Add(Linkage());
        Subcommands.Add(Inference());
        Subcommands.Add(Membership());
        Subcommands.Add(TimeSeries());
    }

    private Command Linkage()
    {
        var command = new Command("linkage", "Link an identified table (id + quasi-identifiers) to a released table, respecting generalization and suppression.");
        var (known, released, config, id, qi) = TableOptions(command);
        return Finish(command, (parse, ct) =>
        {
            var result = _console.RunWithProgress("Linking", p => AttackFiles.Linkage(parse.GetValue(known)!, parse.GetValue(released)!, parse.GetValue(config), parse.GetValue(id), Split(parse.GetValue(qi)), p, ct));
            _console.WriteLine($"Certain re-identifications (one compatible record, the right one): {Count(result.UniqueMatches)} of {Count(result.Persons)}; highest per-person success {Rate(result.HighestSuccess)}; records not released {Count(result.NotReleased)}.");
            return AttackReport.Of(result);
        });
    }

    private Command Inference()
    {
        var command = new Command("inference", "Infer a sensitive attribute of known persons from a released table (most frequent value among compatible records).");
        var (known, released, config, id, qi) = TableOptions(command);
        var sensitive = new Option<string>("--sensitive", "-s") { Description = "The sensitive column to infer (its values in --known are the truth, used to score).", Required = true };
        command.Options.Add(sensitive);
        return Finish(command, (parse, ct) =>
        {
            var result = _console.RunWithProgress("Inferring", p => AttackFiles.Inference(parse.GetValue(known)!, parse.GetValue(released)!, parse.GetValue(config), parse.GetValue(sensitive)!, Split(parse.GetValue(qi)), parse.GetValue(id), p, ct));
            _console.WriteLine($"Baselines: always '{result.MajorityValue}' {Rate(result.MajorityRate)}, random guess from the release {Rate(result.RandomGuessRate)}; persons without a compatible record {Count(result.NoCandidates)}.");
            return AttackReport.Of(result);
        });
    }

    private Command Membership()
    {
        var command = new Command("membership", "Membership inference on a synthetic table: distance to the closest synthetic record, training records against a holdout.");
        var train = new Option<string>("--train") { Description = "The synthesizer's input (CSV): the members.", Required = true };
        var holdout = new Option<string>("--holdout") { Description = "Records of the same population not given to the synthesizer (CSV): the non-members.", Required = true };
        var synthetic = new Option<string>("--synthetic") { Description = "The synthetic table (CSV).", Required = true };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to compare (default: all of --train)." };
        command.Options.Add(train);
        command.Options.Add(holdout);
        command.Options.Add(synthetic);
        command.Options.Add(columns);
        return Finish(command, (parse, ct) =>
        {
            var result = _console.RunWithProgress("Measuring distances", _ => AttackFiles.Membership(parse.GetValue(train)!, parse.GetValue(holdout)!, parse.GetValue(synthetic)!, Split(parse.GetValue(columns)), ct));
            _console.WriteLine($"AUC {Rate(result.Auc)}; TPR at 0.1% FPR {Rate(result.TprAtOnePermille)}, at 1% FPR {Rate(result.TprAtOnePercent)} ({Count(result.Members)} members, {Count(result.NonMembers)} non-members).");
            return AttackReport.Of(result);
        });
    }

    private Command TimeSeries()
    {
        var command = new Command("timeseries", "Re-identify clinical-trial patients from their temperature traces by nearest DTW neighbour (LB_Keogh pruning), optionally against protected traces.");
        var trial = new Option<string?>("--trial") { Description = "A folder written by 'sanitas sample clinical-trial' (its readings.csv); default: simulate one." };
        var patients = new Option<int>("--patients") { Description = "Patients to simulate without --trial.", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated trial.", DefaultValueFactory = _ => ClinicalTrialOptions.DefaultSeed };
        var period = new Option<int>("--period") { Description = "Measurements per period: the released trace is the first period.", DefaultValueFactory = _ => 56 };
        var otherPeriod = new Option<bool>("--other-period") { Description = "The adversary observes the next period instead of the released one." };
        var shift = new Option<int>("--shift") { Description = "The adversary's observation starts this many measurements later." };
        var scale = new Option<double>("--scale") { Description = "The adversary's observation is scaled (e.g. 1.8 with --offset 32 for °F).", DefaultValueFactory = _ => 1.0 };
        var offset = new Option<double>("--offset") { Description = "Added to the adversary's observation after scaling." };
        var keep = new Option<double>("--keep") { Description = "Share of the period the adversary observes (truncation).", DefaultValueFactory = _ => 1.0 };
        var noise = new Option<double>("--noise") { Description = "Measurement noise of the adversary's observation (°C, standard deviation)." };
        var protectNoise = new Option<double>("--protect-noise") { Description = "Protection: Gaussian noise on each released point (°C, standard deviation)." };
        var protectWindow = new Option<int>("--protect-window") { Description = "Protection: release means over windows of this many measurements.", DefaultValueFactory = _ => 1 };
        var protectShift = new Option<int>("--protect-shift") { Description = "Protection: drop a random 0..N leading measurements." };
        var protectRound = new Option<double>("--protect-round") { Description = "Protection: round released values to this step (°C)." };
        var band = new Option<double>("--band") { Description = "Sakoe-Chiba band as a share of the trace length.", DefaultValueFactory = _ => 0.1 };
        Option[] all = [trial, patients, seed, period, otherPeriod, shift, scale, offset, keep, noise, protectNoise, protectWindow, protectShift, protectRound, band];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
        return Finish(command, (parse, ct) =>
        {
            var scenario = new TraceLinkageScenario
            {
                PeriodLength = parse.GetValue(period),
                OtherPeriod = parse.GetValue(otherPeriod),
                Transformation = new TraceTransformation(parse.GetValue(shift), parse.GetValue(scale), parse.GetValue(offset), parse.GetValue(keep), parse.GetValue(noise)),
                Protection = new TraceProtection(parse.GetValue(protectNoise), parse.GetValue(protectWindow), parse.GetValue(protectShift), parse.GetValue(protectRound)),
            };
            if (scenario.Transformation.Shift < 0)
            {
                throw new ArgumentException($"--shift must be ≥ 0, got {scenario.Transformation.Shift}.");
            }
            if (!(scenario.Transformation.Keep > 0 && scenario.Transformation.Keep <= 1))
            {
                throw new ArgumentException($"--keep must be in (0, 1], got {scenario.Transformation.Keep}.");
            }
            var options = new ClinicalTrialOptions { Patients = parse.GetValue(patients), Seed = parse.GetValue(seed) };
            var result = _console.RunWithProgress("Searching traces", p => AttackFiles.TimeSeries(parse.GetValue(trial), options, scenario, new TimeSeriesLinkageAttack(parse.GetValue(band)), p, ct));
            _console.WriteLine($"Top-1: {Count(result.Correct)} of {Count(result.Targets)} traces; LB_Keogh pruned {Rate(result.Pruned)} of {Count(result.Pairs)} DTW computations.");
            return AttackReport.Of(result);
        });
    }

    private static (Option<string> Known, Option<string> Released, Option<string?> Config, Option<string?> Id, Option<string?> Qi) TableOptions(Command command)
    {
        var known = new Option<string>("--known", "-k") { Description = "The adversary's identified table (CSV): an id and quasi-identifiers, raw values.", Required = true };
        var released = new Option<string>("--released") { Description = "The released (anonymized) table (CSV).", Required = true };
        var config = new Option<string?>("--config", "-c") { Description = "The anonymization configuration: quasi-identifiers and hierarchies." };
        var id = new Option<string?>("--id") { Description = "The id column of --known; if --released has it too it tells whose record is whose, otherwise row i is person i." };
        var qi = new Option<string?>("--qi") { Description = "Comma-separated quasi-identifiers the adversary knows (default: the configuration's that --known has)." };
        command.Options.Add(known);
        command.Options.Add(released);
        command.Options.Add(config);
        command.Options.Add(id);
        command.Options.Add(qi);
        return (known, released, config, id, qi);
    }

    private Command Finish(Command command, Func<ParseResult, CancellationToken, AttackReport> run)
    {
        var report = new Option<string?>("--report", "-r") { Description = "Write the result as JSON (camelCase, with advantage) to this file." };
        var maxAdvantage = new Option<double?>("--max-advantage") { Description = "Exit with code 5 when the attack's advantage over the baseline exceeds this (0 to 1)." };
        command.Options.Add(report);
        command.Options.Add(maxAdvantage);
        command.SetAction((parse, ct) => Task.Run(() => CommandErrors.Run(_console, () =>
        {
            var limit = parse.GetValue(maxAdvantage);
            if (limit is { } l && !(l >= 0 && l <= 1))
            {
                throw new ArgumentException($"--max-advantage must be between 0 and 1, got {l}.");
            }
            var result = run(parse, ct);
            var r = result.Result;
            _console.WriteHeading(r.Description);
            _console.WriteTable(["attack", "trials", "success rate", "95% interval", "baseline", "advantage"],
            [
                [r.Kind, Count(r.Trials), Rate(r.SuccessRate), $"[{Rate(r.Interval.Lower)}, {Rate(r.Interval.Upper)}]", Rate(r.Baseline), Rate(r.Advantage)],
            ]);
            if (parse.GetValue(report) is { } path)
            {
                result.Write(path);
                _console.WriteLine($"Report: {Path.GetFullPath(path)}");
            }
            if (limit is { } max && r.Advantage > max)
            {
                _console.WriteError($"The attack's advantage {Rate(r.Advantage)} exceeds --max-advantage {Rate(max)}.");
                return ExitCodes.RiskThresholdExceeded;
            }
            return ExitCodes.Success;
        }), CancellationToken.None));
        return command;
    }

    private static IReadOnlyList<string>? Split(string? list) =>
        list is null ? null : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double x) => x.ToString(x != 0 && Math.Abs(x) < 0.001 ? "0.00E+0" : "0.0000", CultureInfo.InvariantCulture);
}
