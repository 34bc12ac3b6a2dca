using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sigilum.Backends;

/// <summary>
/// Secret bytes fetched from a backend plus what the backend said about them. The bytes live in a pinned
/// array (the GC cannot leave copies behind when compacting) and are zeroed on <see cref="Dispose"/>;
/// callers dispose as soon as the value has been injected.
/// </summary>
public sealed class Credential : IDisposable
{
    private readonly byte[] _value;
    private Action? _onDispose;
    private bool _disposed;

    /// <summary>Takes a copy of <paramref name="value"/> into pinned memory; the caller zeroes its own copy.</summary>
    public Credential(ReadOnlySpan<byte> value, CredentialMetadata? metadata = null)
    {
        _value = GC.AllocateArray<byte>(value.Length, pinned: true);
        value.CopyTo(_value);
        Metadata = metadata ?? CredentialMetadata.None;
    }

    /// <summary>
    /// A credential whose use ends something at the backend when disposed (HashiCorp Vault
    /// revoke-after-use: the lease is revoked once the value has been injected).
    /// </summary>
    internal Credential(ReadOnlySpan<byte> value, CredentialMetadata metadata, Action onDispose)
        : this(value, metadata) => _onDispose = onDispose;

    /// <summary>True when disposing also releases something at the backend (a lease).</summary>
    internal bool ReleasesOnDispose => _onDispose is not null;

    /// <summary>TTL, lease and version information, when the backend gives them.</summary>
    public CredentialMetadata Metadata { get; }

    /// <summary>The secret; valid until disposed.</summary>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _value;
        }
    }

    /// <summary>A copy of the secret in a new pinned array the caller must zero (for APIs that need an array).</summary>
    public byte[] CopyPinned()
    {
        var copy = GC.AllocateArray<byte>(_value.Length, pinned: true);
        Value.CopyTo(copy);
        return copy;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(_value), _value.Length));
            _disposed = true;
            Interlocked.Exchange(ref _onDispose, null)?.Invoke();
        }
    }
}
