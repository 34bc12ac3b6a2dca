namespace Sigilum.ControlPlane.Dashboard.Audit;

/// <summary>The audit page: every paired gateway and vault with what the witness holds for it, and the newest releases' delegation chains.</summary>
public sealed record AuditModel(IReadOnlyList<AuditNode> Nodes, IReadOnlyList<AuditRelease> Releases)
{
    public bool AnyCheckpoint => Nodes.Any(n => n.Checked > 0);
}
