using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Dashboard.Pending;

/// <summary>
/// The requests waiting for a decision (newest first, at most <see cref="PendingEndpoints.Shown"/>), how many wait
/// in all, and the change-feed position read before them: the page's live updates start there, so a request filed
/// between rendering and the event stream connecting is not missed.
/// </summary>
public sealed record PendingModel(IReadOnlyList<ClaimRecord> Items, int Total, long Seq, string? Problem = null);
