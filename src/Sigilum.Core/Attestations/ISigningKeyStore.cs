namespace Sigilum.Core.Attestations;

/// <summary>Attestation signing keys.</summary>
public interface ISigningKeyStore
{
    Task AddAsync(SigningKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>All keys, newest first.</summary>
    Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<bool> RetireAsync(string kid, DateTimeOffset now, CancellationToken cancellationToken = default);
}
