namespace Sigilum.Gateway.Approvals;

/// <summary>
/// Told by <see cref="ApprovalsCache"/> after it has published a change, so that whoever waits on an approval (requests held
/// while the owner decides, ADR 0055) looks again at once instead of polling. Called on the stream's loop: must not block.
/// </summary>
internal interface IApprovalChanges
{
    /// <summary>A claim event for <paramref name="key"/> was applied; <paramref name="rejected"/> when the owner rejected it.</summary>
    void Changed(ApprovalKey key, bool rejected);

    /// <summary>A snapshot replaced the whole set: every key may have changed.</summary>
    void ChangedAll();
}
