namespace Sigilum.ControlPlane.Streaming;

/// <summary>The body of <c>POST /v1/stream/ack</c> (snake_case on the wire).</summary>
internal sealed record StreamAck(string? Challenge, long? Seq);
