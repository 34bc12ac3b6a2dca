namespace Sigilum.Protocol.Dids;

/// <summary>One Ed25519 key for a DID document.</summary>
/// <param name="Id">The verification method id, e.g. <c>did:sigilum:acme#ed25519-…</c>.</param>
/// <param name="PublicKey">The 32-byte raw public key.</param>
public sealed record DidVerificationKey(string Id, ReadOnlyMemory<byte> PublicKey);
