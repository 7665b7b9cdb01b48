using Sanitas.Anonymization;
using Sanitas.Cli.Rendering;
using Sanitas.Data;

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

    public static (int ExitCode, string Message) Describe(Exception e) => e switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "Cancelled; nothing was written."),
        Sanitas.Privacy.PrivacyBudgetExceededException => (ExitCodes.BudgetExceeded, e.Message),
        Sanitas.Query.SqlSyntaxException s => (ExitCodes.InvalidInput, s.MessageWithExcerpt),
        Sanitas.Query.QueryException => (ExitCodes.InvalidInput, e.Message),
        AnonymizationException a when IsNoSolution(a) => (ExitCodes.NoSolution, a.Message),
        ConfigException or SanitasDataException or HierarchyException or AnonymizationException => (ExitCodes.InvalidInput, e.Message),
        Sanitas.Collaboration.CollaborationException or Sanitas.Collaboration.SiteUnavailableException => (ExitCodes.InvalidInput, e.Message),
        FileNotFoundException f => (ExitCodes.InvalidInput, $"File not found: {f.FileName ?? f.Message}"),
        IOException or UnauthorizedAccessException => (ExitCodes.InvalidInput, e.Message),
        ArgumentException => (ExitCodes.InvalidInput, e.Message),
        _ => (ExitCodes.InternalError, $"Internal error ({e.GetType().Name}): {e.Message}"),
    };

    // Anonymizer reports both a bad configuration and an unsatisfiable one as AnonymizationException;
    // only the message tells them apart (see the report: a NoSolution flag is requested).
    private static bool IsNoSolution(AnonymizationException e) => e.IsNoSolution;
}
