namespace Sigilum.Testing.Mcp;

/// <summary>
/// One request <see cref="AuthenticatingMcpFront"/> received: method, path and query as sent, every header, the body
/// (first 64 KiB, UTF-8) and the status the front answered with (401 when the credential was missing or wrong; 0 when
/// it held the request unanswered).
/// </summary>
public sealed record McpFrontRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    /// <summary>The JSON-RPC method of a POST body (<c>initialize</c>, <c>tools/call</c>, …), or null.</summary>
    public string? RpcMethod
    {
        get
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("method", out var method) && method.ValueKind == System.Text.Json.JsonValueKind.String
                    ? method.GetString()
                    : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }
}
