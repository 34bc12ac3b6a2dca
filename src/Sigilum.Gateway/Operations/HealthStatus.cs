namespace Sigilum.Gateway.Operations;

/// <summary>The body of the health routes: <c>{"status":"ok","check":"health|liveness|readiness"}</c> (spec §3.1).</summary>
internal sealed record HealthStatus(string Status, string Check);
