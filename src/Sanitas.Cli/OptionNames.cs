using System.Text;
using System.Text.RegularExpressions;

namespace Sanitas.Cli;

/// <summary>
/// Puts the command line's words into the library's messages: the library names an option in its
/// own terms, quoted with backticks (<c>`maxRowsPerUnit` must be at least 1</c>), and the command
/// line shows its flag instead (<c>--max-rows-per-unit must be at least 1</c>).
/// </summary>
internal static partial class OptionNames
{
    // Options whose flag is not the kebab-case of the library's name.
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["quasiIdentifiers"] = "--qi",
        ["output"] = "--out",
        ["database"] = "--db",
        ["pivot"] = "--pivot-readings",
    };

    /// <summary>The flag for a library option name, such as <c>--max-rows-per-unit</c> for <c>maxRowsPerUnit</c>.</summary>
    public static string Flag(string option)
    {
        if (Flags.TryGetValue(option, out var flag))
        {
            return flag;
        }
        var kebab = new StringBuilder("--", option.Length + 6);
        foreach (var c in option)
        {
            if (char.IsUpper(c))
            {
                kebab.Append('-').Append(char.ToLowerInvariant(c));
            }
            else
            {
                kebab.Append(c);
            }
        }
        return kebab.ToString();
    }

    /// <summary>The message with every backticked option name replaced by its flag.</summary>
    public static string InCliWords(string message) => Quoted().Replace(message, m => Flag(m.Groups[1].Value));

    [GeneratedRegex("`([a-z][A-Za-z]*)`")]
    private static partial Regex Quoted();
}
