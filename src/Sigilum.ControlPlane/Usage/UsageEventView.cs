using Sigilum.Core.Usage;

namespace Sigilum.ControlPlane.Usage;

/// <summary>A usage event as the owner's API lists it.</summary>
internal sealed record UsageEventView(
    string EventId, string Service, string PublicKey, string? Subject, string? AgentId, string Outcome, int? StatusCode,
    long? DurationMs, string? RequestMethod, string? RequestPath, string? NodeId, DateTimeOffset CreatedAt,
    string Protocol, string? Action)
{
    public static UsageEventView From(UsageEvent e) => new(
        UsageEventRules.ClientEventId(e), e.Service, e.PublicKey, e.Subject, e.AgentId, e.Outcome, e.StatusCode, e.DurationMs,
        e.Method, e.Path, e.NodeId, e.CreatedAt, e.Protocol ?? "http", e.Action);
}
