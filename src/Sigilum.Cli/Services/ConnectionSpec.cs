namespace Sigilum.Cli.Services;

/// <summary>
/// The gateway connection <c>service add</c> creates (secrets apart); null fields take the gateway's defaults. An MCP
/// connection (<see cref="Mcp"/> set) may have no secret at all (an MCP server without auth): then
/// <see cref="AuthSecretKey"/> is null.
/// </summary>
internal sealed record ConnectionSpec(
    string Id,
    string Name,
    string BaseUrl,
    string AuthMode,
    string? AuthHeaderName,
    string? AuthPrefix,
    string? PathPrefix,
    string? AuthSecretKey,
    int? RotationIntervalDays,
    McpSpec? Mcp = null,
    int? HoldSeconds = null)
{
    public string Protocol => Mcp is null ? McpServiceOptions.Http : McpServiceOptions.Mcp;
}
