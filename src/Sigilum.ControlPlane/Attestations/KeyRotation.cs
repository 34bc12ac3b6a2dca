using Sigilum.Core.Attestations;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>The result of a rotation: the new current key and the kids it retired.</summary>
internal sealed record KeyRotation(SigningKeyRecord Current, IReadOnlyList<string> Retired);
