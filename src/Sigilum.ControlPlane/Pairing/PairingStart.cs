namespace Sigilum.ControlPlane.Pairing;

/// <summary>A started pairing session: what the owner types on the gateway's machine. The code is shown once.</summary>
internal sealed record PairingStart(string SessionId, string Namespace, string Code, DateTimeOffset ExpiresAt, int TtlSeconds);
