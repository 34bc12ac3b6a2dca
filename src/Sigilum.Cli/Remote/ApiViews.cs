using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Api.Views;

namespace Sigilum.Cli.Remote;

/// <summary>
/// Reads the control plane's answers into the server's own view records (<c>Sigilum.ControlPlane.Api.Views</c>), so the
/// CLI and the server share one definition of each object instead of the CLI picking fields out of untyped JSON.
/// </summary>
internal static class ApiViews
{
    // The control plane writes its views with this policy (ControlPlaneHost); reading with it gives back the same record.
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The object in <paramref name="node"/> as <typeparamref name="T"/>, or null when the answer holds none.</summary>
    public static T? Read<T>(JsonNode? node)
        where T : class => node is JsonObject ? node.Deserialize<T>(Wire) : null;

    /// <summary>The nodes of a <c>GET /v1/namespaces/{ns}/nodes</c> answer (<c>{"nodes": [...]}</c>).</summary>
    public static IReadOnlyList<NodeView> Nodes(JsonNode? answer) =>
        [.. (answer?["nodes"] as JsonArray ?? []).Select(Read<NodeView>).OfType<NodeView>()];

    /// <summary>The node of the namespace whose key is <paramref name="publicKey"/>, if one is registered.</summary>
    public static NodeView? NodeWithKey(JsonNode? answer, string publicKey) => Nodes(answer).FirstOrDefault(n => n.PublicKey == publicKey);
}
