namespace Sigilum.Gateway.Approvals;

/// <summary>
/// One Server-Sent Event; <paramref name="Name"/> is null for a comment. <paramref name="Signature"/> is the
/// control plane's <c>sig</c> field (ADR 0024), null when the event carried none.
/// </summary>
internal sealed record ServerSentEvent(string? Name, string? Id, string Data, string? Signature = null);
