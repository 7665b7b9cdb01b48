namespace Sanitas.Cli.Rendering;

/// <summary>What commands print through: plain lines, tables, errors and progress.</summary>
internal interface ICliConsole
{
    /// <summary>Whether output goes to an interactive terminal (progress bars, colours).</summary>
    bool IsInteractive { get; }

    /// <summary>Writes a line of plain text to the output.</summary>
    void WriteLine(string text = "");

    /// <summary>Writes machine-readable text (JSON) exactly as given: never wrapped or styled.</summary>
    void WriteData(string text);

    /// <summary>Writes a heading line.</summary>
    void WriteHeading(string text);

    /// <summary>Writes an error line to the error output.</summary>
    void WriteError(string message);

    /// <summary>Writes a table with a header row.</summary>
    void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows);

    /// <summary>Runs work that reports its progress as a fraction in [0, 1]; shows a bar on a terminal.</summary>
    T RunWithProgress<T>(string description, Func<IProgress<double>, T> work);

    /// <summary>
    /// Runs work that goes through <paramref name="phases"/> in order, each reporting its share done; on a terminal
    /// one bar per phase (a phase starts with its first report; the earlier ones are then complete).
    /// </summary>
    T RunWithPhases<T>(IReadOnlyList<string> phases, Func<IProgress<PhaseProgress>, T> work);
}
