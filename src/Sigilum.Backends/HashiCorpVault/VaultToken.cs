namespace Sigilum.Backends.HashiCorpVault;

/// <summary>Our own Vault token and when to renew it. The token is never logged or put in an error.</summary>
/// <param name="Value">The token (sent as <c>X-Vault-Token</c>).</param>
/// <param name="IssuedAt">When we obtained or last renewed it.</param>
/// <param name="Ttl">Its TTL at that moment; null = does not expire (root-like tokens).</param>
/// <param name="Renewable">Whether <c>auth/token/renew-self</c> may extend it.</param>
internal sealed record VaultToken(string Value, DateTimeOffset IssuedAt, TimeSpan? Ttl, bool Renewable)
{
    public DateTimeOffset? ExpiresAt => Ttl is { } ttl ? IssuedAt + ttl : null;

    /// <summary>Renew once two thirds of the TTL have passed (what Vault Agent's lifetime watcher does).</summary>
    public bool NeedsRenewal(DateTimeOffset now) => Ttl is { } ttl && now >= IssuedAt + (ttl * 2 / 3);

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;
}
