using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sanitas.Configuration;

/// <summary>
/// Loads the YAML files every configuration reader shares (anonymization configurations, DP query
/// metadata, training bounds, synthesis domains): one document, errors with their file, line and
/// column, nesting limited to <see cref="MaxNesting"/>.
/// </summary>
public static partial class YamlConfigLoader
{
    /// <summary>
    /// The deepest nesting of mappings and lists any YAML file (configuration, DP metadata, bounds) may
    /// have; deeper input is refused with its place instead of overflowing the stack.
    /// </summary>
    public const int MaxNesting = 64;

    /// <summary>Loads the single YAML document of a file, turning YAML errors into <see cref="ConfigException"/>s with their place.</summary>
    internal static YamlNode LoadRoot(TextReader reader, string sourceName)
    {
        var text = reader.ReadToEnd();
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(text)), sourceName);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e) when (e.InnerException is ConfigException nested)
        {
            throw nested;
        }
        catch (YamlException e)
        {
            // Some scanner errors start at the enclosing mapping ("while scanning a mapping") and end at the
            // offending character (a tab on line 3): report the line where the problem is.
            var place = e.End.Line > e.Start.Line ? e.End : e.Start;
            var (line, column) = ((int)place.Line, (int)place.Column);
            if (e.Message.Contains(" tab", StringComparison.OrdinalIgnoreCase) && IndentingTab(text, line) is { } tab)
            {
                (line, column) = tab;
            }
            throw new ConfigException(sourceName, Math.Max(1, line), Math.Max(1, column), StripMark(e.Message), e);
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

    /// <summary>The first tab in a line's indentation at or after <paramref name="fromLine"/> (1-based line and column).</summary>
    private static (int Line, int Column)? IndentingTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t'; c++)
            {
                if (line[c] == '\t')
                {
                    return (i + 1, c + 1);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Remembers where the last successfully parsed event ended, for errors without a place, and
    /// refuses nesting deeper than <see cref="MaxNesting"/> before the node tree is built recursively.
    /// </summary>
    private sealed class TrackingParser(IParser inner, string sourceName) : IParser
    {
        private int _depth;

        public Mark LastGood { get; private set; } = Mark.Empty;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastGood = current.End;
            }
            if (!inner.MoveNext())
            {
                return false;
            }
            switch (inner.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++_depth > MaxNesting)
                    {
                        var start = inner.Current.Start;
                        throw new ConfigException(sourceName, Math.Max(1, (int)start.Line), Math.Max(1, (int)start.Column),
                            $"nested too deeply (more than {MaxNesting} levels of mappings and lists).");
                    }
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    _depth--;
                    break;
                default:
                    break;
            }
            return true;
        }
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): ".
    private static string StripMark(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
