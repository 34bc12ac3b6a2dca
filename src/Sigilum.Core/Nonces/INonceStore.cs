namespace Sigilum.Core.Nonces;

/// <summary>
/// Durable replay protection: atomic insert-if-absent of ⟨scope, nonce⟩ until it expires, so exactly one
/// of several instances sharing the store accepts a given nonce (reliability RPL-09, RPL-10). A store
/// that cannot be written throws; callers deny with 503.
/// </summary>
public interface INonceStore
{
    Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes expired entries; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
