namespace Sigilum.Core.Claims;

/// <summary>
/// Claim states: pending → approved | rejected; approved → revoked; pending → expired. A terminal claim
/// goes back to pending only by a new submission (with a new claim id).
/// </summary>
public enum ClaimStatus
{
    Pending,
    Approved,
    Rejected,
    Revoked,
    Expired,
}
