namespace Sigilum.Gateway.Operations;

/// <summary>
/// One dependency <c>/health/ready</c> checks (spec §3.1: the connector store must list; ours add e.g. the
/// audit log). Register each in DI as <see cref="IReadinessProbe"/>; a probe that throws or exceeds the
/// readiness timeout counts as not ready.
/// </summary>
internal interface IReadinessProbe
{
    /// <summary>Short stable name reported when the probe fails (e.g. <c>connection_store</c>); never a secret.</summary>
    string Name { get; }

    Task<bool> IsReadyAsync(CancellationToken ct);
}
