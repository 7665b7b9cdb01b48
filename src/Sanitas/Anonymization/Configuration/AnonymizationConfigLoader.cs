using Sanitas.Configuration;

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
public static class AnonymizationConfigLoader
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
        var root = YamlConfigLoader.LoadRoot(reader, sourceName);
        return new ConfigParser(sourceName, baseDirectory ?? Directory.GetCurrentDirectory()).Parse(root);
    }
}
