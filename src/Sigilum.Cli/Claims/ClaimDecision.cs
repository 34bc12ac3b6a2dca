namespace Sigilum.Cli.Claims;

/// <summary>The owner's three decisions on a claim; the value is the API's path segment.</summary>
internal enum ClaimDecision
{
    Approve,
    Reject,
    Revoke,
}
