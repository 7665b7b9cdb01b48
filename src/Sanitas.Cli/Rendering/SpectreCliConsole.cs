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

    public void WriteLine(string text = "") => _out.WriteLine(Printable(text));

    public void WriteData(string text)
    {
        _raw.WriteLine(text);
        _raw.Flush();
    }

    public void WriteHeading(string text)
    {
        if (IsInteractive)
        {
            _out.MarkupLine($"[bold]{Markup.Escape(Printable(text))}[/]");
        }
        else
        {
            _out.WriteLine(Printable(text));
        }
    }

    public void WriteError(string message) => _error.WriteLine("error: " + Printable(message));

    /// <summary>
    /// Text with control characters (ANSI escapes, carriage returns, C1 controls) written as <c>\u001B</c>, so that
    /// names and values from files cannot move the cursor, recolour or rewrite the terminal; line breaks and tabs stay.
    /// </summary>
    internal static string Printable(string text)
    {
        if (!text.AsSpan().ContainsAny(ControlCharacters))
        {
            return text;
        }
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (ControlCharacters.Contains(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\n' or '\t')).Select(c => (char)c), '\u007F', .. Enumerable.Range(0x80, 0x20).Select(c => (char)c)]);

    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Border = IsInteractive ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(Printable(header))));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(Printable(cell))).ToArray());
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

    public T RunWithPhases<T>(IReadOnlyList<string> phases, Func<IProgress<PhaseProgress>, T> work)
    {
        if (!IsInteractive)
        {
            return work(new ActionProgress<PhaseProgress>(_ => { }));
        }
        return _out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = phases.Select(p => context.AddTask(Markup.Escape(p), autoStart: false, maxValue: 1.0)).ToArray();
                var result = work(new ActionProgress<PhaseProgress>(p =>
                {
                    if (p.Phase < 0 || p.Phase >= tasks.Length)
                    {
                        return;
                    }
                    for (var i = 0; i < p.Phase; i++)
                    {
                        Finish(tasks[i]);
                    }
                    var task = tasks[p.Phase];
                    if (!task.IsStarted)
                    {
                        task.StartTask();
                    }
                    task.Value = Math.Clamp(p.Fraction, 0, 1);
                    task.Description = Markup.Escape(Printable(p.Detail is null ? phases[p.Phase] : $"{phases[p.Phase]} ({p.Detail})"));
                }));
                foreach (var task in tasks)
                {
                    Finish(task);
                }
                return result;
            });

        static void Finish(ProgressTask task)
        {
            if (!task.IsStarted)
            {
                task.StartTask();
            }
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
