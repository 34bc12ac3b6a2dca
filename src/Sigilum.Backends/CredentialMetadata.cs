namespace Sigilum.Backends;

/// <summary>What a backend said about a credential. Nothing in here is secret.</summary>
/// <param name="Ttl">How long the value is valid (lease duration, token expiry), when known.</param>
/// <param name="Version">The backend's version id of the value, when it has one.</param>
/// <param name="LeaseId">A lease to revoke or renew (HashiCorp Vault dynamic secrets), when there is one.</param>
/// <param name="Cacheable">Whether the kind allows reuse within <paramref name="Ttl"/>.</param>
public sealed record CredentialMetadata(TimeSpan? Ttl = null, string? Version = null, string? LeaseId = null, bool Cacheable = false)
{
    public static CredentialMetadata None { get; } = new();
}
