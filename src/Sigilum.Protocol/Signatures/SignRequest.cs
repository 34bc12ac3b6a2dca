namespace Sigilum.Protocol.Signatures;

/// <summary>A request to sign.</summary>
public sealed record SignRequest
{
    /// <summary>HTTP method as sent (covered lower-cased).</summary>
    public required string Method { get; init; }

    /// <summary>Absolute URL; a fragment is allowed and not covered.</summary>
    public required string Url { get; init; }

    /// <summary>Body bytes exactly as sent; empty means no body and no content-digest.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Subject; null or blank falls back to the namespace.</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// Optional agent id, covered as <c>sigilum-agent-id</c>. Only gateways accept this variant; leave it
    /// null for the control plane or services verified by the TypeScript/Python SDKs.
    /// </summary>
    public string? AgentId { get; init; }
}
