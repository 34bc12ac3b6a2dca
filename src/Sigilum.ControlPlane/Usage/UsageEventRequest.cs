namespace Sigilum.ControlPlane.Usage;

/// <summary>
/// <c>POST /v1/usage/events</c> body, as a gateway or vault sends it after a request (spec §3.12, with
/// outcomes narrowed to <c>success</c>, <c>denied</c> and <c>error</c>). <c>protocol</c> and <c>action</c> are optional
/// (older gateways and vaults do not send them).
/// </summary>
internal sealed record UsageEventRequest(
    string? EventId, string? Namespace, string? Service, string? PublicKey, string? Subject, string? AgentId, string? Outcome,
    int? StatusCode, long? DurationMs, string? RequestMethod, string? RequestPath, DateTimeOffset? OccurredAt,
    string? Protocol = null, string? Action = null);
