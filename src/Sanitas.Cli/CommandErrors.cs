using Sanitas.Anonymization;
using Sanitas.Cli.Rendering;

namespace Sanitas.Cli;

/// <summary>Runs a command's body and turns the library's exceptions into one error line and an exit code.</summary>
internal static class CommandErrors
{
    public static int Run(ICliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            console.WriteError(message);
            return code;
        }
    }

    public static async Task<int> RunAsync(ICliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            console.WriteError(message);
            return code;
        }
    }

    public static (int ExitCode, string Message) Describe(Exception e)
    {
        var (code, message) = Classify(e);
        return (code, OptionNames.InCliWords(message));
    }

    // Input errors are SanitasExceptions (each with its place); an ArgumentException or any other
    // exception is a bug in Sanitas, never the user's input.
    private static (int ExitCode, string Message) Classify(Exception e) => e switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "Cancelled; nothing was written."),
        Sanitas.Privacy.PrivacyBudgetExceededException => (ExitCodes.BudgetExceeded, e.Message),
        Sanitas.Privacy.LedgerUnavailableException => (ExitCodes.InvalidInput, e.Message),
        Sanitas.Query.SqlSyntaxException s => (ExitCodes.InvalidInput, s.MessageWithExcerpt),
        Sanitas.Query.QueryException => (ExitCodes.InvalidInput, e.Message),
        AnonymizationException a when IsNoSolution(a) => (ExitCodes.NoSolution, a.Message),
        SanitasException => (ExitCodes.InvalidInput, e.Message),
        FileNotFoundException f => (ExitCodes.InvalidInput, $"File not found: {f.FileName ?? f.Message}"),
        IOException or UnauthorizedAccessException => (ExitCodes.InvalidInput, e.Message),
        ArgumentException a => (ExitCodes.InternalError, $"Internal error ({e.GetType().Name}): {WithoutParameterName(a)}"),
        _ => (ExitCodes.InternalError, $"Internal error ({e.GetType().Name}): {e.Message}"),
    };

    /// <summary>An argument error's message without .NET's " (Parameter 'name')" suffix, which names code, not the user's input.</summary>
    private static string WithoutParameterName(ArgumentException e)
    {
        var message = e.Message;
        var suffix = e.ParamName is { } name ? $" (Parameter '{name}')" : null;
        var at = suffix is null ? -1 : message.IndexOf(suffix, StringComparison.Ordinal);
        if (at >= 0)
        {
            message = message[..at] + message[(at + suffix!.Length)..];
        }
        // ArgumentOutOfRangeException appends "Actual value was …" on its own line.
        var actual = message.IndexOf("\nActual value was", StringComparison.Ordinal);
        return (actual >= 0 ? message[..actual] : message).TrimEnd();
    }

    // Anonymizer reports both a bad configuration and an unsatisfiable one as AnonymizationException;
    // only the message tells them apart (see the report: a NoSolution flag is requested).
    private static bool IsNoSolution(AnonymizationException e) => e.IsNoSolution;
}
