using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Dashboard.Audit;

/// <summary>
/// One node's witnessed checkpoints: how many of the newest were re-verified, whether they verify (and if not, the witness error
/// code and why), and the newest few to show.
/// </summary>
public sealed record AuditNode(DataPlaneNode Node, int Checked, string? Code, string? Reason, IReadOnlyList<AuditCheckpointRow> Latest)
{
    public bool Verifies => Code is null;
}
