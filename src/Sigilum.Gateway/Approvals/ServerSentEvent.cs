namespace Sigilum.Gateway.Approvals;

/// <summary>One Server-Sent Event; <paramref name="Name"/> is null for a comment (the keep-alive).</summary>
internal sealed record ServerSentEvent(string? Name, string? Id, string Data);
