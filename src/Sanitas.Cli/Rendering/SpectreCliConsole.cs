using Spectre.Console;

namespace Sanitas.Cli.Rendering;

/// <summary>
/// <see cref="ICliConsole"/> over Spectre.Console: a progress bar and rounded tables on a terminal,
/// plain text (ASCII tables, no colour, no progress) when the output is redirected or captured.
/// </summary>
internal sealed class SpectreCliConsole : ICliConsole
{
    private readonly IAnsiConsole _out;
    private readonly TextWriter _error;
    private readonly TextWriter _raw;

    public SpectreCliConsole(TextWriter output, TextWriter error, bool interactive)
    {
        IsInteractive = interactive;
        _error = error;
        _raw = output;
        _out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Captured or redirected output is read by programs and people alike: never wrap lines.
            _out.Profile.Width = 4096;
        }
    }

    public bool IsInteractive { get; }

    public void WriteLine(string text = "") => _out.WriteLine(text);

    public void WriteData(string text)
    {
        _raw.WriteLine(text);
        _raw.Flush();
    }

    public void WriteHeading(string text)
    {
        if (IsInteractive)
        {
            _out.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
        }
        else
        {
            _out.WriteLine(text);
        }
    }

    public void WriteError(string message) => _error.WriteLine("error: " + message);

    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Border = IsInteractive ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray());
        }
        _out.Write(table);
    }

    public T RunWithProgress<T>(string description, Func<IProgress<double>, T> work)
    {
        if (!IsInteractive)
        {
            return work(new ActionProgress<double>(_ => { }));
        }
        return _out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1.0);
                var result = work(new ActionProgress<double>(fraction => task.Value = Math.Clamp(fraction, 0, 1)));
                task.Value = 1.0;
                return result;
            });
    }
}
