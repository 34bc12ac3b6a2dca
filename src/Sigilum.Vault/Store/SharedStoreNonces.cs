using Sigilum.Core.Nonces;

namespace Sigilum.Vault.Store;

/// <summary>
/// The jti store of a shared (PostgreSQL) vault: a failure to reach the database becomes
/// <see cref="StoreUnavailableException"/>, so the gate refuses with the same <c>DB_UNAVAILABLE</c> as the
/// configuration check (ADR 0068) instead of a second code for one outage. It still throws: never "recorded".
/// </summary>
internal sealed class SharedStoreNonces(INonceStore inner) : INonceStore
{
    public async Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.TryRecordAsync(scope, nonce, expiresAt, now, cancellationToken);
        }
        catch (Exception ex) when (VaultStore.IsUnreachable(ex))
        {
            throw new StoreUnavailableException("The shared replay store (PostgreSQL) cannot be reached.", ex);
        }
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.PurgeExpiredAsync(now, cancellationToken);
}
