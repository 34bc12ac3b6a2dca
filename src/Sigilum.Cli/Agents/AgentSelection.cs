using Sigilum.Protocol.Errors;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Which agent's key signs (contract in docs/openclaw.md): <c>--agent</c> → <c>SIGILUM_AGENT_ID</c> →
/// <c>OPENCLAW_AGENT_ID</c> → <c>OPENCLAW_AGENT</c> → the agent of the session key (<c>agent:&lt;id&gt;:…</c>) →
/// <c>main</c> → <c>default</c>; the first that has a key pair in the key root wins. OpenClaw sets no per-agent
/// environment for skill helpers today, so every hint it may give is tried before the fallbacks.
/// </summary>
internal static class AgentSelection
{
    public const string FallbackSource = "fallback";

    /// <summary>The candidates in order, blanks dropped, each id once (first source wins).</summary>
    public static IReadOnlyList<AgentCandidate> Candidates(string? option, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var named = new List<(string? Id, string Source)>
        {
            (option, "--agent"),
            (getVariable("SIGILUM_AGENT_ID"), "SIGILUM_AGENT_ID"),
            (getVariable("OPENCLAW_AGENT_ID"), "OPENCLAW_AGENT_ID"),
            (getVariable("OPENCLAW_AGENT"), "OPENCLAW_AGENT"),
        };
        if (OpenClawLocations.SessionKeyVariables.FirstOrDefault(name => OpenClawLocations.NonEmpty(getVariable(name)) is not null) is { } sessionVariable)
        {
            named.Add((OpenClawLocations.AgentOfSessionKey(OpenClawLocations.NonEmpty(getVariable(sessionVariable))), sessionVariable));
        }
        named.Add(("main", FallbackSource));
        named.Add(("default", FallbackSource));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<AgentCandidate>();
        foreach (var (id, source) in named)
        {
            if (OpenClawLocations.NonEmpty(id) is not { } trimmed)
            {
                continue;
            }
            // The folder name is what identifies the agent on disk and on the wire; ids that sanitise alike are one agent.
            var folder = AgentKeyDirectory.SanitizeAgentId(trimmed);
            if (seen.Add(folder))
            {
                candidates.Add(new AgentCandidate(folder, source));
            }
        }
        return candidates;
    }

    /// <summary>The first candidate with a key pair under <paramref name="keyRoot"/>, or <c>AGENT_KEY_NOT_FOUND</c>.</summary>
    public static AgentChoice Choose(string keyRoot, string? option, Func<string, string?> getVariable)
    {
        var candidates = Candidates(option, getVariable);
        var skipped = new List<AgentCandidate>();
        foreach (var candidate in candidates)
        {
            if (HasKeyPair(keyRoot, candidate.AgentId))
            {
                return new AgentChoice(candidate.AgentId, candidate.Source, skipped);
            }
            if (!candidate.IsFallback)
            {
                skipped.Add(candidate);
            }
        }
        throw new CliException(ExitCodes.NotFound,
            $"No Sigilum key pair for any candidate agent ({string.Join(", ", candidates.Select(c => c.AgentId))}) under {keyRoot}; " +
            $"expected <agent>/<fingerprint>.key and .pub there. Run `sigilum openclaw install` (it creates a key per agent), " +
            $"or set --key-root / {OpenClawLocations.KeyRootVariable} ({ErrorCatalogue.AgentKeyNotFound})");
    }

    private static bool HasKeyPair(string keyRoot, string agentId)
    {
        try
        {
            return AgentKeyDirectory.Find(keyRoot, agentId) is not null;
        }
        catch (FormatException)
        {
            throw new CliException(ExitCodes.InvalidData,
                $"The public key file of agent {agentId} under {keyRoot} is not Base64; re-create the agent's key ({ErrorCatalogue.AgentKeyInvalid})");
        }
    }
}
