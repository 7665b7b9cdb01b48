using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Anonymization;

/// <summary>
/// Reads an anonymization configuration from YAML:
/// <code>
/// delimiter: ";"
/// attributes:
///   age:        { role: quasi-identifier, hierarchy: adult_hierarchy_age.csv }
///   zip:        { role: quasi-identifier, hierarchy: { masking: { } } }
///   occupation: { role: sensitive }
///   name:       { role: identifying }
/// privacy:
///   - k-anonymity: { k: 5 }
///   - distinct-l-diversity: { attribute: occupation, l: 3 }
/// suppressionLimit: 0.04
/// metric: non-uniform-entropy
/// search: optimal
/// </code>
/// Hierarchy files are read relative to the configuration's folder; hierarchies declared as
/// builders (<c>intervals</c>, <c>dates</c>, <c>masking</c>, <c>grouping</c>) are built from the
/// column's values by <see cref="LoadedAnonymizationConfig.Resolve"/>. Every key is listed in
/// <c>samples/adult/README.md</c>.
/// </summary>
/// <remarks>Every error is a <see cref="ConfigException"/> naming the file, line and column.</remarks>
public static partial class AnonymizationConfigLoader
{
    /// <summary>Reads a configuration file; hierarchy files are found relative to its folder.</summary>
    /// <param name="path">The YAML file.</param>
    /// <exception cref="ConfigException">The configuration is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LoadedAnonymizationConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Reads a configuration file asynchronously; hierarchy files are found relative to its folder.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ConfigException">The configuration is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<LoadedAnonymizationConfig> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        using var reader = new StringReader(text);
        return Parse(reader, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses a configuration from text (the reader is read to its end, not disposed).</summary>
    /// <param name="reader">The YAML text.</param>
    /// <param name="sourceName">The name used in messages, such as the file name.</param>
    /// <param name="baseDirectory">The folder relative file names are resolved against; <see langword="null"/> for the current folder.</param>
    /// <exception cref="ConfigException">The configuration is invalid.</exception>
    public static LoadedAnonymizationConfig Parse(TextReader reader, string sourceName, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        var root = LoadRoot(reader, sourceName);
        return new ConfigParser(sourceName, baseDirectory ?? Directory.GetCurrentDirectory()).Parse(root);
    }

    /// <summary>Loads the single YAML document of a file, turning YAML errors into <see cref="ConfigException"/>s with their place.</summary>
    internal static YamlNode LoadRoot(TextReader reader, string sourceName)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(reader));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ConfigException(sourceName, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column), StripMark(e.Message), e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some malformed input; point after the last good node.
            throw new ConfigException(sourceName, Math.Max(1, (int)parser.LastGood.Line), Math.Max(1, (int)parser.LastGood.Column),
                "malformed YAML after this point (is a bracket or quote left open?).", e);
        }
        if (stream.Documents.Count == 0)
        {
            throw new ConfigException(sourceName, 1, 1, "the file is empty.");
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw ConfigPlace.Of(sourceName, second).Error("the file holds more than one YAML document.");
        }
        return stream.Documents[0].RootNode;
    }

    /// <summary>Remembers where the last successfully parsed event ended, for errors without a place.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastGood { get; private set; } = Mark.Empty;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastGood = current.End;
            }
            return inner.MoveNext();
        }
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): ".
    private static string StripMark(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
