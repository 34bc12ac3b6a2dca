namespace Sigilum.Gateway.Approvals;

/// <summary>
/// What <c>/health/ready</c> reports about the approvals stream. <paramref name="LastError"/> explains the
/// last failed connection (for example the control plane's 403 for an unregistered gateway key).
/// </summary>
internal sealed record ApprovalsCacheStatus(
    bool Connected, bool Fresh, long? LastEventId, DateTimeOffset? LastHeardFrom, int ApprovedCount, int? LastStatusCode, string? LastError);
