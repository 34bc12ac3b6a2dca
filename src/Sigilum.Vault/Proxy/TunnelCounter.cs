using System.Collections.Concurrent;

namespace Sigilum.Vault.Proxy;

/// <summary>Open tunnels per agent, capped so one agent cannot exhaust the proxy (reliability PRX-12).</summary>
internal sealed class TunnelCounter(int maxPerAgent)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a slot; false (and nothing taken) when the agent is at its cap.</summary>
    public bool TryEnter(string agentId)
    {
        var now = _open.AddOrUpdate(agentId, 1, (_, n) => n + 1);
        if (now <= maxPerAgent)
        {
            return true;
        }
        Exit(agentId);
        return false;
    }

    public void Exit(string agentId) => _open.AddOrUpdate(agentId, 0, (_, n) => Math.Max(0, n - 1));
}
