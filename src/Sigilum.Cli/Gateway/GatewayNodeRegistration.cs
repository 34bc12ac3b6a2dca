using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Sigilum.ControlPlane.Api.Views;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// Makes the gateway's key a registered node of its namespace in the control plane, with the owner's sign-in,
/// so the control plane lets it follow the approvals stream. Idempotent: a key already registered is left as it is.
/// </summary>
internal static class GatewayNodeRegistration
{
    public enum Outcome
    {
        Registered,
        AlreadyRegistered,
    }

    public static Task<(Outcome Outcome, string NodeId)> EnsureAsync(OwnerSession owner, string publicKey, string name, CancellationToken cancellationToken) =>
        EnsureAsync(owner, publicKey, name, "gateway", cancellationToken);

    /// <param name="owner">The owner's signed-in session.</param>
    /// <param name="publicKey">The node's key, <c>ed25519:&lt;base64&gt;</c>.</param>
    /// <param name="name">The node name shown to the owner.</param>
    /// <param name="kind">The node kind: <c>gateway</c>, or <c>vault</c> for the vault <c>sigilum up</c> runs (ADR 0061).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async Task<(Outcome Outcome, string NodeId)> EnsureAsync(OwnerSession owner, string publicKey, string name, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var nodesPath = owner.NamespacePath + "/nodes";
        var listed = await owner.Client.SendAsync(HttpMethod.Get, nodesPath, null, cancellationToken);
        if (ApiViews.Nodes(listed).FirstOrDefault(n => n.PublicKey == publicKey && n.Kind == kind) is { } node)
        {
            return (Outcome.AlreadyRegistered, node.Id ?? string.Empty);
        }
        var created = await owner.Client.SendAsync(HttpMethod.Post, nodesPath, new JsonObject
        {
            ["kind"] = kind,
            ["name"] = name,
            ["public_key"] = publicKey,
            ["version"] = typeof(GatewayNodeRegistration).Assembly.GetName().Version?.ToString(3),
        }, cancellationToken);
        return (Outcome.Registered, ApiViews.Read<NodeView>(created)?.Id ?? string.Empty);
    }
}
