namespace Sigilum.Vault.Store;

/// <summary>An agent allowed to use the proxy; its token is kept only as a SHA-256 hash.</summary>
internal sealed record VaultAgent(string Id, string Name, string TokenHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}
