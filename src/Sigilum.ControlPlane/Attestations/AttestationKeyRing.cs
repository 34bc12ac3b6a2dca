using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.ControlPlane.Secrets;
using Sigilum.Core.Attestations;
using Sigilum.Core.Secrets;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Keys;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// The control plane's Ed25519 attestation keys. The kid is the RFC 7638 thumbprint of the public key,
/// so it is self-certifying and equals the <c>jwkThumbprint</c> of a <c>sigil-trust/v1</c> manifest.
/// Seeds are sealed with the master key (purpose <c>attestation-keys</c>, associated data binding the
/// kid), opened once, cached in pinned memory and zeroed when retired or on shutdown. The store is the
/// source of truth, read on every use, so keys rotated by another instance are seen at once.
/// </summary>
internal sealed partial class AttestationKeyRing : IDisposable
{
    public const string SealPurpose = "attestation-keys";

    /// <summary>Manual rotation stops here, so the JWKS stays small (verifiers cap key sets at 100).</summary>
    public const int MaxPublishedKeys = 16;

    private readonly ISigningKeyStore _store;
    private readonly TimeProvider _time;
    private readonly AttestationOptions _options;
    private readonly SecretSealer _sealer;
    private readonly ILogger<AttestationKeyRing> _logger;
    private readonly ConcurrentDictionary<string, Ed25519KeyPair> _opened = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _rotation = new(1, 1);

    // Signers hold the read lock while a key is in use; evicting (zeroing) a key takes the write lock.
    private readonly ReaderWriterLockSlim _use = new();
    private bool _disposed;

    public AttestationKeyRing(ISigilumStore store, MasterKeyHolder masterKey, TimeProvider time, IOptions<ControlPlaneOptions> options, ILogger<AttestationKeyRing> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(masterKey);
        ArgumentNullException.ThrowIfNull(options);
        _store = store.SigningKeys;
        _time = time;
        _options = options.Value.Attestations;
        _sealer = masterKey.CreateSealer(SealPurpose);
        _logger = logger;
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
            }
            // Only the new key signs from now on. (A signer that read the old current key just before this
            // rotation may reopen it once; it stays cached until the next rotation, and its tokens verify
            // because retired keys remain published.)
            foreach (var kid in _opened.Keys.Where(k => k != created.Kid))
            {
                Evict(kid);
            }
            LogRotated(_logger, created.Kid, retired.Count, onlyWhenDue ? "due" : "manual");
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

    // Event ids 1400-1409 belong to attestations (see AttestationAuthorizer); kids are public values.
    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Attestation signing key {Kid} is current; {Retired} key(s) retired ({Reason})")]
    private static partial void LogRotated(ILogger logger, string kid, int retired, string reason);

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
