using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Api.Views;

/// <summary>A registered gateway or vault.</summary>
public sealed record NodeView(string Id, string Namespace, string Kind, string Name, string PublicKey, string? Version, DateTimeOffset RegisteredAt, DateTimeOffset? LastSeenAt)
{
    public static NodeView From(DataPlaneNode n) => new(n.Id, n.Namespace, n.Kind.ToString().ToLowerInvariant(), n.Name, n.PublicKey, n.Version, n.RegisteredAt, n.LastSeenAt);
}
