namespace Sigilum.Cli.OpenClaw;

/// <summary>The values an install writes into OpenClaw's config (all reach the hooks and the skill helper as environment).</summary>
/// <remarks>
/// Mode is <c>managed</c> (a gateway paired with a control plane) or <c>local</c> (<c>sigilum up</c> on this machine);
/// CliPath is what <c>SIGILUM_CLI_PATH</c> names (see <see cref="SigilumCliPath"/>). McpBridges are gateway connection
/// ids served to OpenClaw as MCP servers through <c>sigilum mcp bridge</c> (ADR 0043).
/// </remarks>
internal sealed record OpenClawSettings(
    string Mode,
    string Namespace,
    string GatewayUrl,
    string ApiUrl,
    string DashboardUrl,
    string KeyRoot,
    SigilumCliPath CliPath,
    bool EnableAuthzNotify,
    IReadOnlyList<string>? McpBridges = null);
