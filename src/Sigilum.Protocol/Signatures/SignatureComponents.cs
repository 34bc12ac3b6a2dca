namespace Sigilum.Protocol.Signatures;

/// <summary>
/// The exact covered-component sequences of the profile (spec §1.3). A verifier accepts exactly one of
/// these, chosen by whether the received body is non-empty; order matters because it fixes the base.
/// </summary>
public static class SignatureComponents
{
    /// <summary>Without a body.</summary>
    public static readonly IReadOnlyList<string> NoBody =
        ["@method", "@target-uri", SigilumHeaders.Namespace, SigilumHeaders.Subject, SigilumHeaders.AgentKey, SigilumHeaders.AgentCert];

    /// <summary>With a non-empty body.</summary>
    public static readonly IReadOnlyList<string> WithBody =
        ["@method", "@target-uri", SigilumHeaders.ContentDigest, SigilumHeaders.Namespace, SigilumHeaders.Subject, SigilumHeaders.AgentKey, SigilumHeaders.AgentCert];

    /// <summary>Without a body, with <c>sigilum-agent-id</c> between subject and key.</summary>
    public static readonly IReadOnlyList<string> NoBodyWithAgentId =
        ["@method", "@target-uri", SigilumHeaders.Namespace, SigilumHeaders.Subject, SigilumHeaders.AgentId, SigilumHeaders.AgentKey, SigilumHeaders.AgentCert];

    /// <summary>With a body, with <c>sigilum-agent-id</c> between subject and key.</summary>
    public static readonly IReadOnlyList<string> WithBodyWithAgentId =
        ["@method", "@target-uri", SigilumHeaders.ContentDigest, SigilumHeaders.Namespace, SigilumHeaders.Subject, SigilumHeaders.AgentId, SigilumHeaders.AgentKey, SigilumHeaders.AgentCert];

    /// <summary>The sequence a signer emits.</summary>
    public static IReadOnlyList<string> For(bool hasBody, bool withAgentId) => (hasBody, withAgentId) switch
    {
        (false, false) => NoBody,
        (true, false) => WithBody,
        (false, true) => NoBodyWithAgentId,
        (true, true) => WithBodyWithAgentId,
    };
}
