namespace Sigilum.Core.Services;

/// <summary>Services and their API keys.</summary>
public interface IServiceStore
{
    /// <summary>Creates a service; false when the slug is taken in that namespace.</summary>
    Task<bool> CreateAsync(ServiceRecord service, CancellationToken cancellationToken = default);

    Task<ServiceRecord?> GetAsync(string ns, string slug, CancellationToken cancellationToken = default);

    Task<ServiceRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceRecord>> ListAsync(string ns, CancellationToken cancellationToken = default);

    /// <summary>Replaces name, description and upstream hosts; false when absent.</summary>
    Task<bool> UpdateAsync(ServiceRecord service, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task AddKeyAsync(ServiceApiKeyRecord key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceApiKeyRecord>> ListKeysAsync(string serviceId, CancellationToken cancellationToken = default);

    /// <summary>Finds an unrevoked key by hash and stamps its last use.</summary>
    Task<ServiceApiKeyRecord?> UseKeyAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<bool> RevokeKeyAsync(string serviceId, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default);
}
