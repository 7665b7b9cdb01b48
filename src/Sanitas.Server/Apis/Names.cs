using System.Text.RegularExpressions;
using Sanitas.Server.Hosting;

namespace Sanitas.Server.Apis;

/// <summary>Identifiers the server accepts for datasets, projects, users and file names.</summary>
internal static partial class Names
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex FilePattern();

    /// <summary>Checks an identifier: 1–40 lowercase letters, digits, '-' or '_', starting with a letter or digit.</summary>
    public static string Id(string? value, string field) =>
        value is not null && IdPattern().IsMatch(value) ? value
        : throw new ServerInputException($"'{field}' must be 1-40 characters of lowercase letters, digits, '-' or '_' (starting with a letter or digit), got '{value}'.");

    /// <summary>Checks a file or attribute name used inside a project folder (no path separators, no leading dot).</summary>
    public static string File(string? value, string field) =>
        value is not null && FilePattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal) ? value
        : throw new ServerInputException($"'{field}' must be a plain name of letters, digits, '.', '-' or '_', got '{value}'.");
}
