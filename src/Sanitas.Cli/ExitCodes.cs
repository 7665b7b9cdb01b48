namespace Sanitas.Cli;

/// <summary>The process exit codes of <c>sanitas</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected error (a bug): the message says what happened.</summary>
    public const int InternalError = 1;

    /// <summary>The input, configuration or a file is invalid or missing; nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>No transformation satisfies the privacy models within the suppression limit; nothing was written.</summary>
    public const int NoSolution = 3;

    /// <summary>The analyst has no privacy budget, or the request would exceed it; nothing was charged or released.</summary>
    public const int BudgetExceeded = 4;

    /// <summary>The data failed the risk thresholds of the configuration (<c>sanitas risk</c>, <c>sanitas attack</c>); the report was still written.</summary>
    public const int RiskThresholdExceeded = 5;

    /// <summary>The command line itself is wrong (unknown option, missing required option).</summary>
    public const int InvalidArguments = 64;

    /// <summary>Cancelled by the user (Ctrl+C, SIGINT), as shells report SIGINT; nothing was written.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM, as shells report it; nothing was written.</summary>
    public const int Terminated = 143;
}
