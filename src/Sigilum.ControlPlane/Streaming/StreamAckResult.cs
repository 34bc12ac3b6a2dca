namespace Sigilum.ControlPlane.Streaming;

/// <summary>What became of one acknowledgement (<c>POST /v1/stream/ack</c>).</summary>
internal enum StreamAckResult
{
    /// <summary>Recorded: the node applied everything up to the position.</summary>
    Applied,

    /// <summary>No open stream of this node and namespace has that challenge (closed, another node's, another namespace's, or never opened here).</summary>
    UnknownStream,

    /// <summary>The position was never sent on that stream, so the node cannot have applied it.</summary>
    UnknownPosition,
}
