using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// The store went away mid-request (PostgreSQL stopped, the network to it cut; issue #18 item 3): any provider error
/// that escapes a route becomes 503 <c>DB_UNAVAILABLE</c> in the gateway's envelope instead of a bare 500, so agents
/// and load balancers see a stable, retryable refusal. Nothing is forwarded on this path: every store read happens
/// before the upstream call. The exception's message is not shown (it may name the database host); only its type is
/// logged. The pool reconnects on its own once the server is back, so the next request is served without a restart.
/// </summary>
internal sealed partial class StoreUnavailableMiddleware(RequestDelegate next, ILogger<StoreUnavailableMiddleware> logger)
{
    private static readonly GatewayError Unavailable = GatewayError.Of(ErrorCatalogue.DbUnavailable,
        "The gateway's database does not answer, so the request is refused. Try again shortly.");

    public Task InvokeAsync(HttpContext context)
    {
        // The common case completes without an extra state machine; only a failed or pending request pays for the await.
        var pending = next(context);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(pending, context);
    }

    private async Task AwaitAsync(Task pending, HttpContext context)
    {
        try
        {
            await pending;
        }
        catch (DbException ex) when (!context.Response.HasStarted)
        {
            StoreFailed(logger, ex.GetType().Name, context.Request.Path.Value ?? string.Empty);
            context.Response.Clear();
            await GatewayErrorResponse.WriteAsync(context, Unavailable);
        }
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "The store failed ({ExceptionType}) on {Path}; answered 503 DB_UNAVAILABLE.")]
    private static partial void StoreFailed(ILogger logger, string exceptionType, string path);
}
