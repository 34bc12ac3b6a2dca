using System.Text.Json.Serialization;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// Sigil Sign's decision body for <c>/v1/authorize</c>: every member is always present (null when it does
/// not apply), named explicitly so the wire shape never depends on the host's naming policy. We add
/// <c>service</c>, the slug the intent's host mapped to, which Sign does not have.
/// </summary>
internal sealed record AuthorizeDecision
{
    public const string Approved = "APPROVED";
    public const string Denied = "DENIED";
    public const string Hold = "HOLD";

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("intent_attestation")]
    public string? IntentAttestation { get; init; }

    [JsonPropertyName("policy_hash")]
    public string? PolicyHash { get; init; }

    [JsonPropertyName("hold_id")]
    public string? HoldId { get; init; }

    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("service")]
    public string? Service { get; init; }

    public static AuthorizeDecision Approve(string token, string policyHash, string service) => new()
    {
        Status = Approved, IntentAttestation = token, PolicyHash = policyHash, Service = service,
        Message = "Intent approved. Send the attestation in X-Sigil-Attestation with this exact request; it expires in seconds.",
    };

    public static AuthorizeDecision Held(string holdId, string service) => new()
    {
        Status = Hold, HoldId = holdId, Service = service,
        Message = "Waiting for the namespace owner to approve access to this service. Poll GET /v1/holds/" + holdId + ", then call /v1/authorize again.",
    };

    public static AuthorizeDecision Deny(string errorCode, string message, string? service = null) => new()
    {
        Status = Denied, ErrorCode = errorCode, Message = message, Service = service,
    };
}
