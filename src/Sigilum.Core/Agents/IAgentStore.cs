namespace Sigilum.Core.Agents;

/// <summary>Agent keys seen per namespace.</summary>
public interface IAgentStore
{
    /// <summary>Inserts or updates last-seen (and the name when given).</summary>
    Task TouchAsync(string ns, string publicKey, string keyId, string? name, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AgentRecord>> ListAsync(string ns, CancellationToken cancellationToken = default);
}
