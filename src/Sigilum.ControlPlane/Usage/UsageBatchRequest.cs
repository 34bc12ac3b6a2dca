namespace Sigilum.ControlPlane.Usage;

/// <summary><c>POST /v1/usage/events/batch</c>: up to <see cref="UsageEndpoints.MaxBatch"/> events from one node.</summary>
internal sealed record UsageBatchRequest(IReadOnlyList<UsageEventRequest>? Events);
