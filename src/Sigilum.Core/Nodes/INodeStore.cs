namespace Sigilum.Core.Nodes;

/// <summary>Registered gateways and vaults.</summary>
public interface INodeStore
{
    /// <summary>Registers or re-registers (same namespace and key keep their id).</summary>
    Task<DataPlaneNode> RegisterAsync(DataPlaneNode node, CancellationToken cancellationToken = default);

    Task<DataPlaneNode?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<DataPlaneNode?> FindByKeyAsync(string ns, string publicKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DataPlaneNode>> ListAsync(string ns, CancellationToken cancellationToken = default);

    Task TouchAsync(string id, DateTimeOffset now, string? version, CancellationToken cancellationToken = default);
}
