using Sigilum.Protocol.Identity;

namespace Sigilum.Sdk.Identity;

/// <summary>The public half of an agent's key pair in an <see cref="AgentKeyDirectory"/>.</summary>
/// <param name="AgentId">The agent's folder name (the sanitised agent id).</param>
/// <param name="Fingerprint">First 16 hex digits of SHA-256(public key): the key files' name.</param>
/// <param name="PublicKey">The raw 32-byte public key.</param>
/// <param name="Folder">The agent's key folder.</param>
/// <param name="Created">True when this call created the key pair.</param>
public sealed record AgentKeyInfo(string AgentId, string Fingerprint, byte[] PublicKey, string Folder, bool Created)
{
    /// <summary>The key as the wire carries it: <c>ed25519:&lt;base64&gt;</c>.</summary>
    public string PublicKeyText => AgentKeys.Format(PublicKey);
}
