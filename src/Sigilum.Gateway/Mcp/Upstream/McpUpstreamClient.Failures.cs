using System.Globalization;
using System.Net;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>How an exception out of the SDK becomes an <see cref="McpFailure"/>: by what the handler saw, then by type, never by message text.</summary>
internal sealed partial class McpUpstreamClient
{
    private McpFailure Classify(Exception exception, McpCallContext context, McpSession? session, McpUpstreamTarget target, bool callerCancelled, bool budgetSpent)
    {
        // Nothing of the tool call can have reached the server while its session was still being set up.
        var duringSetup = session is null;
        if (callerCancelled)
        {
            return new McpFailure(McpFailureKind.Cancelled, "cancelled");
        }
        if (context.ResponseTooLarge || session?.Flags.ResponseTooLarge == true)
        {
            return new McpFailure(McpFailureKind.TooLarge, $"the server's response was larger than the limit of {Size(_options.MaxResponseBytes)}");
        }
        if (context.CrossOrigin)
        {
            return new McpFailure(McpFailureKind.Rejected, "the server named another origin for its messages; the gateway sends only to the connection's endpoint", duringSetup);
        }
        if (budgetSpent)
        {
            return TimedOut();
        }
        if (context.SessionLost)
        {
            return new McpFailure(McpFailureKind.SessionLost, "the server no longer knows the session", duringSetup);
        }
        if (context.FailedStatus is { } status)
        {
            var code = ((int)status).ToString(CultureInfo.InvariantCulture);
            return status switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new McpFailure(McpFailureKind.Rejected, $"the server refused the connection's credential (HTTP {code})", duringSetup),
                // 429 and 503 say the request was not processed; 502 and 504 come from something in between that may have passed it on.
                HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable =>
                    new McpFailure(McpFailureKind.Transient, $"the server is unavailable (HTTP {code})", NotDelivered: true),
                HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout =>
                    new McpFailure(McpFailureKind.Transient, $"the server is unavailable (HTTP {code})", duringSetup),
                _ => new McpFailure(McpFailureKind.Rejected, $"the server answered HTTP {code}", duringSetup),
            };
        }
        return exception switch
        {
            McpProtocolException rpc => new McpFailure(McpFailureKind.RpcError,
                $"the server answered JSON-RPC error {((int)rpc.ErrorCode).ToString(CultureInfo.InvariantCulture)}: {McpSafeText.From(RemoteMessage(rpc), target)}"),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } =>
                new McpFailure(McpFailureKind.Transient, "the server could not be reached", NotDelivered: true),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                new McpFailure(McpFailureKind.Rejected, "the TLS handshake with the server failed", NotDelivered: true),
            HttpRequestException or IOException =>
                new McpFailure(McpFailureKind.Transient, "the connection to the server broke", duringSetup),
            // Neither the caller nor the budget: the socket handler's connect timeout.
            OperationCanceledException => new McpFailure(McpFailureKind.Transient, "connecting to the server timed out", NotDelivered: true),
            TimeoutException => TimedOut(),
            // The SDK closed the session under us (404 on it, SSE stream gone, or another call dropped it).
            ClientTransportClosedException or ObjectDisposedException => new McpFailure(McpFailureKind.SessionLost, "the session closed", duringSetup),
            _ => new McpFailure(McpFailureKind.Protocol, "the server's answer was not a valid MCP answer", duringSetup),
        };
    }

    /// <summary>The server's own message: the SDK puts "Request failed (remote): " in front of it.</summary>
    private static string RemoteMessage(McpProtocolException exception)
    {
        const string prefix = "Request failed (remote): ";
        var message = exception.Message;
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB" : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
