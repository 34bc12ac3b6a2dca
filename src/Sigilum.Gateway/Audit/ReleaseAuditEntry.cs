using Sigilum.Gateway.Approvals;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// A credential release about to happen: who (namespace, subject, agent key id), what (connection,
/// method, path, secret version) and the gateway's request id. Never a secret, never a query string
/// (a <c>query_param</c> credential travels there), never request headers.
/// </summary>
internal sealed record ReleaseAuditEntry
{
    /// <summary>The gateway's request id (echoed in <c>X-Request-Id</c>).</summary>
    public required string RequestId { get; init; }

    public required string ConnectionId { get; init; }

    public required string Namespace { get; init; }

    public string? Subject { get; init; }

    /// <summary>The agent's key id (or its public key); identifies the signer, is not a secret.</summary>
    public required string AgentKeyId { get; init; }

    public string? AgentId { get; init; }

    public required string Method { get; init; }

    /// <summary>The upstream path; anything from <c>?</c> on is removed before it is written.</summary>
    public required string Path { get; init; }

    /// <summary>The version of the connection's secret that is injected.</summary>
    public long? SecretVersion { get; init; }

    /// <summary>The backends the credential is about to be fetched from (names only, never references); empty for stored secrets.</summary>
    public IReadOnlyList<string> Backends { get; init; } = [];

    public string? RemoteIp { get; init; }

    /// <summary>
    /// The owner's approval this release stands on (the delegation chain, ADR 0062); null when the approvals source
    /// could not name one (the release re-check then refuses, or a test source models decisions only).
    /// </summary>
    public ApprovedClaim? Approval { get; init; }
}
