using Sigilum.Core.Ids;

namespace Sigilum.Core.Sessions;

/// <summary>Issuing an owner credential: a random prefixed token, of which the store keeps only the SHA-256.</summary>
public static class SessionIssuing
{
    /// <summary>Stores a new credential of <paramref name="kind"/> and returns the token (shown once) and its expiry.</summary>
    public static async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(
        this ISessionStore store, OwnerSessionKind kind, string tokenPrefix, string ownerId, string ns, DateTimeOffset now, TimeSpan lifetime,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var token = IdGenerator.Token(tokenPrefix);
        var expires = now.Add(lifetime);
        await store.CreateAsync(new OwnerSession
        {
            TokenHash = IdGenerator.HashToken(token), OwnerId = ownerId, Namespace = ns,
            Kind = kind, CreatedAt = now, ExpiresAt = expires,
        }, cancellationToken);
        return (token, expires);
    }
}
