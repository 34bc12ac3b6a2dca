namespace Sigilum.ControlPlane.Relay;

/// <summary>A gateway holding a relay stream.</summary>
/// <param name="NodeId">Its node id (<c>gw_…</c>).</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="EncryptionKey">base64url (unpadded) SubjectPublicKeyInfo DER of its P-256 key: seal provider secrets to it.</param>
/// <param name="EncryptionKeyId">base64url(SHA-256(SPKI DER)), the <c>kid</c> of envelopes sealed to it.</param>
/// <param name="ConnectedAt">When the current stream opened.</param>
/// <param name="LastSeenAt">When the stream last carried anything (a keep-alive, a response).</param>
public sealed record RelayedGateway(string NodeId, string Namespace, string EncryptionKey, string EncryptionKeyId, DateTimeOffset ConnectedAt, DateTimeOffset LastSeenAt);
