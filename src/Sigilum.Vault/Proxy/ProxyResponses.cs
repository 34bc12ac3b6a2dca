using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Proxy;

/// <summary>The proxy's own answers: JSON <c>{"error","code"}</c> with a stable code and no internal detail, and the connection closed.</summary>
internal static class ProxyResponses
{
    public static async Task WriteErrorAsync(Stream stream, int status, string code, string message, CancellationToken cancellationToken, string? extraHeader = null)
    {
        var body = ErrorBody(code, message);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("X-Sigil-Vault-Error: ").Append(code).Append("\r\n");
        if (extraHeader is not null)
        {
            head.Append(extraHeader).Append("\r\n");
        }
        head.Append("Connection: close\r\n\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
            await stream.WriteAsync(body, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone; there is nobody left to tell.
        }
    }

    /// <summary>The refusal body, the same on HTTP/1.1 and HTTP/2.</summary>
    public static byte[] ErrorBody(string code, string message) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["error"] = message, ["code"] = code }.ToJsonString());

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        407 => "Proxy Authentication Required",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };
}
