using Sigilum.Core.Witness;

namespace Sigilum.ControlPlane.Witness;

/// <summary>A witnessed checkpoint; <c>checkpoint</c> is the JSON exactly as the node sent it, so anyone can re-verify it.</summary>
internal sealed record CheckpointView(string NodeId, string Namespace, long Seq, string Head, DateTimeOffset ReceivedAt, string Checkpoint)
{
    public static CheckpointView From(StoredCheckpoint c) => new(c.NodeId, c.Namespace, c.Seq, c.Head, c.ReceivedAt, c.Json);
}
