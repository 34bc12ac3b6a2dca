using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.ControlPlane.Secrets;
using Sigilum.Core.Attestations;
using Sigilum.Core.Secrets;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// The control plane's Ed25519 attestation keys. The kid is the RFC 7638 thumbprint of the public key,
/// so it is self-certifying and equals the <c>jwkThumbprint</c> of a <c>sigil-trust/v1</c> manifest.
/// Seeds are sealed with the master key (purpose <c>attestation-keys</c>, associated data binding the
/// kid), opened once, cached in pinned memory and zeroed when retired or on shutdown. The store is the
/// source of truth, read on every use, so keys rotated by another instance are seen at once.
/// </summary>
internal sealed class AttestationKeyRing : IDisposable
{
    public const string SealPurpose = "attestation-keys";

    /// <summary>Manual rotation stops here, so the JWKS stays small (verifiers cap key sets at 100).</summary>
    public const int MaxPublishedKeys = 16;

    private readonly ISigningKeyStore _store;
    private readonly TimeProvider _time;
    private readonly AttestationOptions _options;
    private readonly SecretSealer _sealer;
    private readonly ConcurrentDictionary<string, Ed25519KeyPair> _opened = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _rotation = new(1, 1);

    // Signers hold the read lock while a key is in use; evicting (zeroing) a key takes the write lock.
    private readonly ReaderWriterLockSlim _use = new();
    private bool _disposed;

    public AttestationKeyRing(ISigilumStore store, MasterKeyHolder masterKey, TimeProvider time, IOptions<ControlPlaneOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(masterKey);
        ArgumentNullException.ThrowIfNull(options);
        _store = store.SigningKeys;
        _time = time;
        _options = options.Value.Attestations;
        _sealer = masterKey.CreateSealer(SealPurpose);
    }

    /// <summary>Associated data for a sealed seed: a sealed value copied onto another row fails to open.</summary>
    public static string AssociatedData(string kid) => "attestation-key:" + kid;

    /// <summary>Creates or rotates the current key when due and opens it (fails fast on a wrong master key).</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken) =>
        await SignAsync((_, _) => true, cancellationToken);

    /// <summary>Runs <paramref name="sign"/> with the current key (rotating first when it is due).</summary>
    public async Task<T> SignAsync<T>(Func<string, Ed25519KeyPair, T> sign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var current = Current(await _store.ListAsync(cancellationToken));
        if (current is null || IsDue(current))
        {
            current = (await RotateAsync(onlyWhenDue: true, cancellationToken))!.Current;
        }
        _use.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return sign(current.Kid, Open(current));
        }
        finally
        {
            _use.ExitReadLock();
        }
    }

    /// <summary>Current key plus retired keys still within the grace period, newest first.</summary>
    public async Task<IReadOnlyList<SigningKeyRecord>> PublishedAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var grace = TimeSpan.FromSeconds(_options.RetiredKeyGraceSeconds);
        return (await _store.ListAsync(cancellationToken)).Where(k => k.RetiredAt is null || k.RetiredAt.Value + grace > now).ToList();
    }

    /// <summary>
    /// Creates a new current key and retires the others. A manual rotation (<paramref name="onlyWhenDue"/>
    /// false) returns null when <see cref="MaxPublishedKeys"/> keys are already published.
    /// </summary>
    public async Task<KeyRotation?> RotateAsync(bool onlyWhenDue, CancellationToken cancellationToken)
    {
        await _rotation.WaitAsync(cancellationToken);
        try
        {
            var keys = await _store.ListAsync(cancellationToken);
            var current = Current(keys);
            if (onlyWhenDue && current is not null && !IsDue(current))
            {
                return new KeyRotation(current, []); // another caller rotated while we waited
            }
            if (!onlyWhenDue && (await PublishedAsync(cancellationToken)).Count >= MaxPublishedKeys)
            {
                return null;
            }
            var created = await CreateAsync(cancellationToken);
            var retired = new List<string>();
            foreach (var old in keys.Where(k => k.RetiredAt is null))
            {
                if (await _store.RetireAsync(old.Kid, _time.GetUtcNow(), cancellationToken))
                {
                    retired.Add(old.Kid);
                }
                Evict(old.Kid);
            }
            return new KeyRotation(created, retired);
        }
        finally
        {
            _rotation.Release();
        }
    }

    private bool IsDue(SigningKeyRecord key) => key.CreatedAt + TimeSpan.FromDays(_options.KeyRotationDays) <= _time.GetUtcNow();

    // Newest unretired key; ListAsync is newest first.
    private static SigningKeyRecord? Current(IReadOnlyList<SigningKeyRecord> keys) => keys.FirstOrDefault(k => k.RetiredAt is null);

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

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _use.EnterWriteLock();
        try
        {
            _disposed = true;
            foreach (var pair in _opened.Values)
            {
                pair.Dispose();
            }
            _opened.Clear();
        }
        finally
        {
            _use.ExitWriteLock();
        }
        _sealer.Dispose();
        _rotation.Dispose();
        _use.Dispose();
    }
}
