namespace Sigilum.ControlPlane.Dashboard.Audit;

/// <summary>The audit page: every paired gateway and vault with what the witness holds for it.</summary>
public sealed record AuditModel(IReadOnlyList<AuditNode> Nodes)
{
    public bool AnyCheckpoint => Nodes.Any(n => n.Checked > 0);
}
