namespace Sigilum.Core.Namespaces;

/// <summary>Namespaces and their owners.</summary>
public interface INamespaceStore
{
    /// <summary>Creates the namespace and its owner atomically; false when the namespace exists.</summary>
    Task<bool> CreateAsync(NamespaceRecord ns, OwnerRecord owner, CancellationToken cancellationToken = default);

    Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default);

    Task<OwnerRecord?> GetOwnerAsync(string ownerId, CancellationToken cancellationToken = default);

    Task SetOwnerPasswordHashAsync(string ownerId, string? passwordHash, CancellationToken cancellationToken = default);
}
