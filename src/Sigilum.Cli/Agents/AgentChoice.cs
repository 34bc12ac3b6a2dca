namespace Sigilum.Cli.Agents;

/// <summary>
/// The agent the helper signs as: its key folder name (the sanitised id, also sent as <c>sigilum-agent-id</c>), where
/// the id came from, and the named candidates that were skipped because they have no key pair.
/// </summary>
internal sealed record AgentChoice(string AgentId, string Source, IReadOnlyList<AgentCandidate> SkippedNamed);
