namespace Sigilum.ControlPlane.Claims;

/// <summary>A data-plane node named in a <see cref="RevocationPropagation"/>: its node id and the name it was registered with.</summary>
public sealed record PropagationNode(string Id, string Name);
