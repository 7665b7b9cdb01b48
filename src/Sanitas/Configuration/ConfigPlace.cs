using YamlDotNet.RepresentationModel;

namespace Sanitas.Configuration;

/// <summary>A place in a configuration file, for error messages.</summary>
internal readonly record struct ConfigPlace(string SourceName, int Line, int Column)
{
    public static ConfigPlace Of(string sourceName, YamlNode node) =>
        new(sourceName, Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column));

    public ConfigException Error(string reason, Exception? inner = null) => new(SourceName, Line, Column, reason, inner);
}
