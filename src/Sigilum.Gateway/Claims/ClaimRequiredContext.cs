namespace Sigilum.Gateway.Claims;

/// <summary>
/// What the markdown 403 <c>AUTH_CLAIM_REQUIRED</c> page reports (spec §3.2): the verified caller, and
/// whether and how a claim was filed for it. <see cref="Filing"/> is null when auto-registration is off.
/// </summary>
internal sealed record ClaimRequiredContext
{
    public string? Namespace { get; init; }

    public string? Subject { get; init; }

    /// <summary>The connection id (= service slug).</summary>
    public string? Service { get; init; }

    /// <summary>The agent's public key (shown truncated to 96 characters).</summary>
    public string? AgentKey { get; init; }

    /// <summary>The agent id the caller signed as <c>sigilum-agent-id</c> (OpenClaw's helper), shown when present.</summary>
    public string? AgentId { get; init; }

    public string? RemoteIp { get; init; }

    /// <summary>Whether the gateway files claims for unapproved agents (<c>GATEWAY_AUTO_REGISTER_CLAIMS</c>).</summary>
    public bool AutoRegisterEnabled { get; init; }

    /// <summary>The filing's result when auto-registration is on.</summary>
    public ClaimFilingResult? Filing { get; init; }
}
