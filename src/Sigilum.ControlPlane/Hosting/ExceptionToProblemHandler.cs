using Microsoft.AspNetCore.Diagnostics;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>
/// The last line: malformed JSON becomes 400 INVALID_JSON, anything else 500 INTERNAL_ERROR. The
/// exception is logged by type and request id only; its message never reaches the client.
/// </summary>
internal sealed partial class ExceptionToProblemHandler(ILogger<ExceptionToProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            var error = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiErrors.BodyTooLarge : ApiErrors.InvalidJson;
            await ProblemResponses.WriteAsync(httpContext, error);
            return true;
        }
        LogUnhandled(logger, exception.GetType().Name, httpContext.TraceIdentifier, exception);
        await ProblemResponses.WriteAsync(httpContext, ApiErrors.InternalError);
        return true;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string requestId, Exception exception);
}
