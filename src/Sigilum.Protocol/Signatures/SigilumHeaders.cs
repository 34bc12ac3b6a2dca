namespace Sigilum.Protocol.Signatures;

/// <summary>Header names of the Sigilum profile, lower-case as they appear in component identifiers.</summary>
public static class SigilumHeaders
{
    /// <summary>The signer's namespace.</summary>
    public const string Namespace = "sigilum-namespace";

    /// <summary>Who triggered the action inside the namespace.</summary>
    public const string Subject = "sigilum-subject";

    /// <summary><c>ed25519:</c> + base64 of the agent public key.</summary>
    public const string AgentKey = "sigilum-agent-key";

    /// <summary>Unpadded base64url of the certificate JSON.</summary>
    public const string AgentCert = "sigilum-agent-cert";

    /// <summary>Optional agent id (OpenClaw helper; gateway only).</summary>
    public const string AgentId = "sigilum-agent-id";

    /// <summary>RFC 9530 content digest.</summary>
    public const string ContentDigest = "content-digest";

    /// <summary>RFC 9421 Signature-Input.</summary>
    public const string SignatureInput = "signature-input";

    /// <summary>RFC 9421 Signature.</summary>
    public const string Signature = "signature";

    /// <summary>The one label Sigilum uses.</summary>
    public const string Label = "sig1";

    /// <summary>The only algorithm, written lower-case.</summary>
    public const string Algorithm = "ed25519";

    /// <summary>Profile name, for diagnostics and version output.</summary>
    public const string Profile = "sigilum-rfc9421-v1";

    /// <summary>Every header the profile reads; a duplicate of any of them is refused.</summary>
    public static readonly IReadOnlyList<string> All = [Namespace, Subject, AgentKey, AgentCert, AgentId, ContentDigest, SignatureInput, Signature];
}
