namespace Sigilum.Cli.Agents;

/// <summary>One agent id the helper may sign as, and where it came from (an option, a variable, a fallback).</summary>
internal sealed record AgentCandidate(string AgentId, string Source)
{
    /// <summary>True for the built-in fallbacks <c>main</c> and <c>default</c>, which nobody named.</summary>
    public bool IsFallback => Source == AgentSelection.FallbackSource;
}
