namespace Sigilum.Gateway.Claims;

/// <summary>
/// What the gateway knows about an unapproved, correctly signed caller when it files a claim for it
/// (spec §3.6 step 2). <see cref="ConnectionId"/> is the service slug the claim is for.
/// </summary>
internal sealed record ClaimFilingRequest
{
    public required string ConnectionId { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The agent's key, <c>ed25519:&lt;base64&gt;</c>, from its verified signature.</summary>
    public required string PublicKey { get; init; }

    /// <summary>The agent's client IP as the gateway resolved it.</summary>
    public string? AgentIp { get; init; }

    public string? Subject { get; init; }

    public string? AgentId { get; init; }

    public string? AgentName { get; init; }
}
