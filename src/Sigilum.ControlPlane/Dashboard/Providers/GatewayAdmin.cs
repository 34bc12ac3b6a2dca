using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Relay;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// The gateway's admin API as the dashboard reaches it: through the relay stream the gateway holds open, so the
/// gateway needs no inbound port. Failures become one sentence a person can act on, with the stable code.
/// </summary>
internal sealed class GatewayAdmin(IGatewayRelay relay)
{
    public sealed record Outcome(bool Ok, JsonElement? Body, string? Problem);

    public IReadOnlyList<RelayedGateway> Connected(string ns) => relay.Connected(ns);

    /// <summary>The chosen gateway among the namespace's connected ones; the first connected one when none is chosen; null when it is not connected.</summary>
    public RelayedGateway? Target(string ns, string? nodeId)
    {
        var connected = relay.Connected(ns);
        return string.IsNullOrEmpty(nodeId) ? (connected.Count > 0 ? connected[0] : null) : connected.FirstOrDefault(g => g.NodeId == nodeId);
    }

    /// <summary>The admin API's path of one connection (provider).</summary>
    public static string ConnectionPath(string id) => "/api/admin/connections/" + Uri.EscapeDataString(id);

    public async Task<Outcome> SendAsync(string ns, string nodeId, HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var response = await relay.SendAsync(ns, nodeId, new RelayCommand(method.Method, path, body?.ToJsonString()), cancellationToken);
        var json = GatewayJson.Parse(response.Body);
        if (response.ErrorCode is null && response.Status is >= 200 and < 300)
        {
            return new Outcome(true, json, null);
        }
        var code = response.ErrorCode ?? (json is { } j ? GatewayJson.Text(j, "code") : null) ?? "HTTP_" + response.Status.ToString(CultureInfo.InvariantCulture);
        var message = json is { } e ? GatewayJson.Text(e, "error") ?? GatewayJson.Text(e, "message") ?? GatewayJson.Text(e, "detail") : null;
        return new Outcome(false, json, Describe(code, message));
    }

    private static string Describe(string code, string? message) => code switch
    {
        ErrorCatalogue.GatewayNotConnected => $"The gateway is not connected to the control plane right now, so nothing was changed. Check that it is running (sigilum gateway status). ({code})",
        ErrorCatalogue.GatewayRelayTimeout => $"The gateway did not answer in time; the change may or may not have been applied. Reload to see. ({code})",
        _ => (message is { Length: > 0 } ? message.TrimEnd('.') + "." : "The gateway refused the request.") + $" ({code})",
    };
}
