using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sanitas.Anonymization;
using Sanitas.Configuration;
using Sanitas.Data;
using Sanitas.Learning;
using Sanitas.Privacy;
using Sanitas.Query;

namespace Sanitas.Server.Hosting;

/// <summary>
/// The one place that turns the library's exceptions into RFC 9457 problem details: bad input →
/// 400 with the library's message (which names the place), an exhausted budget → 409, anything
/// unexpected → 500 with a fixed text (never a stack trace or an exception message, which might
/// carry data).
/// </summary>
internal sealed class ProblemMapper(IProblemDetailsService problems, ILogger<ProblemMapper> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Describe(exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Path}", httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
            Exception = exception,
        }).ConfigureAwait(false);
    }

    public static (int Status, string Title, string Detail) Describe(Exception e) => e switch
    {
        PrivacyBudgetExceededException => (StatusCodes.Status409Conflict, "Privacy budget exceeded", e.Message),
        SqlSyntaxException s => (StatusCodes.Status400BadRequest, "Invalid SQL", s.MessageWithExcerpt),
        QueryException => (StatusCodes.Status400BadRequest, "Query refused", e.Message),
        LearningException => (StatusCodes.Status400BadRequest, "Invalid training request", e.Message),
        ConfigException or SanitasDataException or HierarchyException or AnonymizationException => (StatusCodes.Status400BadRequest, "Invalid input", e.Message),
        InvalidOptionException => (StatusCodes.Status400BadRequest, "Invalid input", e.Message),
        BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message),
        Jobs.QueueFullException => (StatusCodes.Status503ServiceUnavailable, "Busy", e.Message),
        ServerInputException => (StatusCodes.Status400BadRequest, "Invalid input", e.Message),
        OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, "Cancelled", "The request was cancelled or took too long."),
        _ => (StatusCodes.Status500InternalServerError, "Internal error", "The server failed to handle the request; the error was logged. Nothing was released."),
    };

    /// <summary>A problem result from an exception, for handlers that catch and answer themselves.</summary>
    public static ProblemHttpResult Problem(Exception e)
    {
        var (status, title, detail) = Describe(e);
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }
}
