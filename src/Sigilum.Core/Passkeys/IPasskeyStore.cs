namespace Sigilum.Core.Passkeys;

/// <summary>Owners' passkeys, the pending ceremonies' challenges, and each namespace's "require a passkey" setting.</summary>
public interface IPasskeyStore
{
    /// <summary>Stores a new passkey; false when a passkey with this credential id exists (for any owner).</summary>
    Task<bool> AddAsync(OwnerPasskey passkey, CancellationToken cancellationToken = default);

    Task<OwnerPasskey?> FindAsync(string credentialId, CancellationToken cancellationToken = default);

    /// <summary>The owner's passkeys, oldest first.</summary>
    Task<IReadOnlyList<OwnerPasskey>> ListAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>False when the owner has no passkey with this id.</summary>
    Task<bool> RenameAsync(string ownerId, string credentialId, string name, CancellationToken cancellationToken = default);

    /// <summary>False when the owner has no passkey with this id.</summary>
    Task<bool> RemoveAsync(string ownerId, string credentialId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an accepted sign-in: the new counter and the time. One conditional update that succeeds only while
    /// the stored counter is still lower than <paramref name="signCount"/> (or both are zero: authenticators without
    /// a counter), so two assertions racing with the same counter cannot both pass; false otherwise.
    /// </summary>
    Task<bool> RecordUseAsync(string credentialId, long signCount, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task AddChallengeAsync(PasskeyChallenge challenge, CancellationToken cancellationToken = default);

    Task<PasskeyChallenge?> FindChallengeAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>Uses the challenge up; false when it was already used or has expired (atomic: one winner).</summary>
    Task<bool> ConsumeChallengeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes challenges that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneChallengesAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Whether the namespace signs in with passkeys only (one-time links and the password refused).</summary>
    Task<bool> IsRequiredAsync(string ns, CancellationToken cancellationToken = default);

    Task SetRequiredAsync(string ns, bool required, DateTimeOffset now, CancellationToken cancellationToken = default);
}
