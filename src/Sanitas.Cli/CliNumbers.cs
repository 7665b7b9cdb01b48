using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Sanitas.Privacy;

namespace Sanitas.Cli;

/// <summary>
/// Reads every number on the command line in the invariant culture, through
/// <see cref="PrivacyParameters.TryParseNumber"/>: a dot for decimals, no thousands separators, so
/// <c>--epsilon 0,1</c> is an error instead of ε = 1. Each command's <c>--epsilon</c> is also
/// checked against <see cref="PrivacyParameters.MinimumEpsilon"/> at parse time.
/// </summary>
internal static class CliNumbers
{
    /// <summary>Installs the invariant parsers on every numeric option of <paramref name="root"/> and its subcommands.</summary>
    public static void Apply(Command root)
    {
        foreach (var option in root.Options)
        {
            Install(root, option);
        }
        foreach (var command in root.Subcommands)
        {
            Apply(command);
        }
    }

    private static void Install(Command command, Option option)
    {
        var name = option.Name;
        switch (option)
        {
            case Option<double> d:
                var check = EpsilonCheck(command, name);
                d.CustomParser = r => Double(r, name, check) ?? 0;
                break;
            case Option<double?> d:
                d.CustomParser = r => Double(r, name, null);
                break;
            case Option<int> i:
                i.CustomParser = r => (int)(Integer(r, name, int.MinValue, int.MaxValue) ?? 0);
                break;
            case Option<int?> i:
                i.CustomParser = r => (int?)Integer(r, name, int.MinValue, int.MaxValue);
                break;
            case Option<long> l:
                l.CustomParser = r => Integer(r, name, long.MinValue, long.MaxValue) ?? 0;
                break;
            case Option<long?> l:
                l.CustomParser = r => Integer(r, name, long.MinValue, long.MaxValue);
                break;
            default:
                break;
        }
    }

    /// <summary>The ε check of a command's <c>--epsilon</c>: a release's minimum for query and train, a budget's for budget set.</summary>
    private static Func<double, string, double>? EpsilonCheck(Command command, string name) => (command.Name, name) switch
    {
        ("query" or "train", "--epsilon") => PrivacyParameters.CheckReleaseEpsilon,
        ("set", "--epsilon") => PrivacyParameters.CheckBudgetEpsilon,
        (_, "--delta") when command.Name is "query" or "set" or "train" => PrivacyParameters.CheckDelta,
        _ => null,
    };

    private static double? Double(ArgumentResult result, string name, Func<double, string, double>? check)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        var text = result.Tokens[0].Value;
        if (!PrivacyParameters.TryParseNumber(text, out var value))
        {
            result.AddError($"{name}: '{text}' is not a number{(text.Contains(',') ? " (write decimals with a dot, without thousands separators: 0.1, 1500)" : "")}.");
            return null;
        }
        if (check is not null)
        {
            try
            {
                check(value, name);
            }
            catch (InvalidOptionException e)
            {
                result.AddError(e.Message);
                return null;
            }
        }
        return value;
    }

    private static long? Integer(ArgumentResult result, string name, long min, long max)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }
        var text = result.Tokens[0].Value;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            result.AddError($"{name}: '{text}' is not a whole number{(text.Contains(',') ? " (write it without thousands separators: 1500)" : "")}.");
            return null;
        }
        return value;
    }
}
