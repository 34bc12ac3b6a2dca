using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Api.Views;

/// <summary>A registered gateway or vault.</summary>
public sealed record NodeView(string Id, string Namespace, string Kind, string Name, string PublicKey, string? Version, DateTimeOffset RegisteredAt, DateTimeOffset? LastSeenAt)
{
    /// <summary>
    /// The control-plane key (ADR 0024), only in a registration's answer: the node pins it and accepts from this
    /// control plane only what it signs. Omitted elsewhere.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ControlPlaneKey { get; init; }

    public static NodeView From(DataPlaneNode n) => new(n.Id, n.Namespace, n.Kind.ToString().ToLowerInvariant(), n.Name, n.PublicKey, n.Version, n.RegisteredAt, n.LastSeenAt);
}
