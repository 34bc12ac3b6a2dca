namespace Sigilum.Gateway.Diagnostics;

/// <summary>
/// An error the gateway answers with: HTTP status, Sigilum's stable code (null where Sigilum's gateway
/// sends none, e.g. connection validation) and a message safe to show an agent.
/// </summary>
internal sealed record GatewayError(int Status, string? Code, string Message);
