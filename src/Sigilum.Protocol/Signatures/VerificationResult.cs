namespace Sigilum.Protocol.Signatures;

/// <summary>The outcome of verifying a request; on failure, a stable <c>SIG_*</c> code and a reason.</summary>
public sealed record VerificationResult
{
    /// <summary>True when every check passed.</summary>
    public required bool IsValid { get; init; }

    /// <summary>Error code when invalid.</summary>
    public string? Code { get; init; }

    /// <summary>Human-readable reason when invalid.</summary>
    public string? Reason { get; init; }

    /// <summary>Verified namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Verified subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Verified key id.</summary>
    public string? KeyId { get; init; }

    /// <summary>Verified <c>sigilum-agent-key</c> value (<c>ed25519:…</c>).</summary>
    public string? PublicKey { get; init; }

    /// <summary>Covered agent id, when the agent-id variant was used.</summary>
    public string? AgentId { get; init; }

    /// <summary>The created parameter.</summary>
    public long Created { get; init; }

    /// <summary>The nonce parameter.</summary>
    public string? Nonce { get; init; }

    internal static VerificationResult Fail(string code, string reason) => new() { IsValid = false, Code = code, Reason = reason };
}
