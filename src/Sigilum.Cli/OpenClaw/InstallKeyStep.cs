namespace Sigilum.Cli.OpenClaw;

/// <summary>One agent's key pair in the install plan: <c>create</c> or <c>present</c> (with its fingerprint).</summary>
internal sealed record InstallKeyStep(string AgentId, string Action, string? Fingerprint);
