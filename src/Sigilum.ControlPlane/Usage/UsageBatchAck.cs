namespace Sigilum.ControlPlane.Usage;

/// <summary>The answer to a stored batch: how many events it held and how many of them were already stored (retries).</summary>
internal sealed record UsageBatchAck(int Accepted, int Duplicates);
