namespace Sigilum.ControlPlane.Owners;

/// <summary>The namespace owner an owner token belongs to.</summary>
public sealed record OwnerContext(string OwnerId, string Namespace, string TokenHash);
