namespace Sigilum.Core.Sessions;

/// <summary>Owner tokens, sign-in links and browser sessions.</summary>
public interface ISessionStore
{
    Task CreateAsync(OwnerSession session, CancellationToken cancellationToken = default);

    Task<OwnerSession?> FindAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>Marks a single-use credential consumed; false if it already was (atomic: one winner).</summary>
    Task<bool> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes every live credential of <paramref name="kind"/> of the owner except <paramref name="keepTokenHash"/>
    /// (e.g. other browser sessions when the password changes); returns how many.
    /// </summary>
    Task<int> RevokeAllAsync(string ownerId, OwnerSessionKind kind, string? keepTokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);
}
