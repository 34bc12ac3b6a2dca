using System.Net;

namespace Sigilum.Sdk.Vault;

/// <summary>
/// The attestation issuer did not approve the request, so it was not sent to the vault. Either the issuer
/// decided (<see cref="Decision"/> <c>DENIED</c> with an <see cref="ErrorCode"/> such as <c>SIGIL_CLAIM_REVOKED</c>,
/// or <c>HOLD</c> with a <see cref="HoldId"/> the namespace owner has to approve first), or it refused the call
/// itself (<see cref="Decision"/> null, <see cref="HttpRequestException.StatusCode"/> and the problem's <c>code</c>
/// in <see cref="ErrorCode"/>, e.g. 401 <c>SIGNATURE_INVALID</c>).
/// </summary>
public sealed class SigilVaultAuthorizationException : HttpRequestException
{
    /// <summary>Creates the exception; the message holds only issuer-provided text, never a token.</summary>
    public SigilVaultAuthorizationException(string message, string? decision, string? errorCode, string? holdId, string? service, HttpStatusCode? statusCode)
        : base(message, null, statusCode)
    {
        Decision = decision;
        ErrorCode = errorCode;
        HoldId = holdId;
        Service = service;
    }

    /// <summary><c>DENIED</c> or <c>HOLD</c> when the issuer decided; null when it refused the call (see <see cref="HttpRequestException.StatusCode"/>).</summary>
    public string? Decision { get; }

    /// <summary>The issuer's stable code (<c>SIGIL_*</c> for decisions, the problem <c>code</c> otherwise), when it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>For <c>HOLD</c>: the pending claim to poll (<c>GET /v1/holds/{id}</c>) before asking again.</summary>
    public string? HoldId { get; }

    /// <summary>The issuer's service slug for the request's host, when it found one.</summary>
    public string? Service { get; }
}
