namespace Sigilum.Vault.Store;

/// <summary>
/// The whole configuration at one <see cref="Version"/>, immutable: a request sees one consistent
/// view even if the operator changes something meanwhile; the next request sees the change.
/// </summary>
internal sealed class VaultSnapshot
{
    public VaultSnapshot(long version, string audience, IEnumerable<TrustAnchor> anchors, IEnumerable<VaultAgent> agents, IEnumerable<BackendConfig> backends, IEnumerable<RouteConfig> routes)
    {
        Version = version;
        Audience = audience;
        Anchors = anchors.ToDictionary(a => a.Kid, StringComparer.Ordinal);
        var agentList = agents.ToList();
        AgentsByTokenHash = agentList.ToDictionary(a => a.TokenHash, StringComparer.Ordinal);
        AgentsById = agentList.ToDictionary(a => a.Id, StringComparer.Ordinal);
        Backends = backends.ToDictionary(b => b.Name, StringComparer.Ordinal);
        Routes = [.. routes];
    }

    public long Version { get; }

    public string Audience { get; }

    public IReadOnlyDictionary<string, TrustAnchor> Anchors { get; }

    public IReadOnlyDictionary<string, VaultAgent> AgentsByTokenHash { get; }

    public IReadOnlyDictionary<string, VaultAgent> AgentsById { get; }

    public IReadOnlyDictionary<string, BackendConfig> Backends { get; }

    /// <summary>In creation order; the first match wins.</summary>
    public IReadOnlyList<RouteConfig> Routes { get; }

    public bool IsAgentActive(string agentId) => AgentsById.TryGetValue(agentId, out var agent) && agent.IsActive;
}
