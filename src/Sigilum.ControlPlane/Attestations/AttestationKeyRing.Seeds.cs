using System.Security.Cryptography;
using Sigilum.Core.Attestations;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Seed handling: generate and seal, open and check, zero.</summary>
internal sealed partial class AttestationKeyRing
{
    private async Task<SigningKeyRecord> CreateAsync(CancellationToken cancellationToken)
    {
        var pair = Ed25519KeyPair.Generate();
        try
        {
            var kid = JwkThumbprint.Compute(pair.PublicKey);
            var seed = pair.ExportSeed();
            byte[] sealedSeed;
            try
            {
                sealedSeed = _sealer.Seal(seed, AssociatedData(kid));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
            var record = new SigningKeyRecord { Kid = kid, PublicKey = pair.PublicKey.ToArray(), SealedSeed = sealedSeed, CreatedAt = _time.GetUtcNow() };
            await _store.AddAsync(record, cancellationToken);
            if (_opened.TryAdd(kid, pair))
            {
                pair = null; // the cache owns it now
            }
            return record;
        }
        finally
        {
            pair?.Dispose();
        }
    }

    // Called under the read lock.
    private Ed25519KeyPair Open(SigningKeyRecord record)
    {
        if (_opened.TryGetValue(record.Kid, out var cached))
        {
            return cached;
        }
        var seed = _sealer.Open(record.SealedSeed, AssociatedData(record.Kid))
            ?? throw new InvalidOperationException($"Attestation key {record.Kid} cannot be opened: the master key is not the one that sealed it, or the row was altered.");
        Ed25519KeyPair pair;
        try
        {
            pair = Ed25519KeyPair.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
        // The public key column is not sealed: check it, so we never publish one key and sign with another.
        if (!pair.PublicKey.SequenceEqual(record.PublicKey) || JwkThumbprint.Compute(pair.PublicKey) != record.Kid)
        {
            pair.Dispose();
            throw new InvalidOperationException($"Attestation key {record.Kid}: the stored public key does not match its seed.");
        }
        if (!_opened.TryAdd(record.Kid, pair))
        {
            pair.Dispose();
            return _opened[record.Kid];
        }
        return pair;
    }

    // A retired key never signs again: zero its seed now rather than at shutdown.
    private void Evict(string kid)
    {
        _use.EnterWriteLock();
        try
        {
            if (_opened.TryRemove(kid, out var pair))
            {
                pair.Dispose();
            }
        }
        finally
        {
            _use.ExitWriteLock();
        }
    }
}
