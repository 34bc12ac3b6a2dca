using System.Text.Json.Serialization;
using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// <c>GET /v1/holds/{id}</c>: a hold is the agent's pending claim, so its state is the claim's, in Sign's
/// words. An approval that lapsed reads EXPIRED; one that does not cover the signer's subject DENIED.
/// A resolved hold carries no attestation: the agent calls <c>/v1/authorize</c> again, as with Sign.
/// </summary>
internal sealed record HoldView(
    [property: JsonPropertyName("hold_id")] string HoldId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("service")] string Service)
{
    public static HoldView From(ClaimRecord claim, DateTimeOffset now, string subject)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var status = claim.Status switch
        {
            ClaimStatus.Pending => "PENDING",
            ClaimStatus.Approved when claim.ExpiresAt <= now => "EXPIRED",
            ClaimStatus.Approved when claim.Authorizes(now, subject) => "APPROVED",
            ClaimStatus.Expired => "EXPIRED",
            _ => "DENIED", // rejected, revoked, or approved for other subjects
        };
        return new HoldView(claim.Id, status, claim.Service);
    }
}
