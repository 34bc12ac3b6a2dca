using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Hosting;

/// <summary>Ready only while the audit log can be written: without it no credential is released (ADR 0008).</summary>
internal sealed class AuditReadinessProbe(GatewayAuditTrail audit) : IReadinessProbe
{
    public string Name => "audit";

    public Task<bool> IsReadyAsync(CancellationToken ct) => Task.FromResult(audit.IsAvailable);
}
