namespace Sigilum.ControlPlane.Dashboard.Audit;

/// <summary>A witnessed checkpoint as the page lists it; <c>SignedAt</c> is null when the stored JSON no longer parses.</summary>
public sealed record AuditCheckpointRow(long Seq, string Head, DateTimeOffset? SignedAt, DateTimeOffset ReceivedAt);
