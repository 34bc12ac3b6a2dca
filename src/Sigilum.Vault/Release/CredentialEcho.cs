using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Secrets;

namespace Sigilum.Vault.Release;

/// <summary>
/// Detects and redacts a credential echoed by the upstream (reliability PRX-18): raw, base64 and
/// percent-encoded spellings, in header values and the streamed body. Holds pinned copies that are
/// zeroed by <see cref="Dispose"/> when the response ends.
/// </summary>
internal sealed class CredentialEcho : IDisposable
{
    private readonly List<byte[]> _variants = [];

    public CredentialEcho(ReadOnlySpan<byte> credential)
    {
        Add(credential);
        var base64 = GC.AllocateArray<byte>(((credential.Length + 2) / 3) * 4, pinned: true);
        System.Buffers.Text.Base64.EncodeToUtf8(credential, base64, out _, out var written);
        AddOwned(base64, written);
        var encoded = GC.AllocateArray<byte>(credential.Length * 3, pinned: true);
        var at = 0;
        foreach (var b in credential)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded[at++] = b;
            }
            else
            {
                encoded[at++] = (byte)'%';
                encoded[at++] = (byte)"0123456789ABCDEF"[b >> 4];
                encoded[at++] = (byte)"0123456789ABCDEF"[b & 0xF];
            }
        }
        AddOwned(encoded, at);
        Scrubber = new SecretScrubber(_variants, EchoMarker.Text);
    }

    public SecretScrubber Scrubber { get; }

    /// <summary>True when <paramref name="value"/> (a header value, Latin-1) contains any spelling of the credential.</summary>
    public bool IsIn(string value)
    {
        var bytes = Encoding.Latin1.GetBytes(value);
        try
        {
            return _variants.Any(v => bytes.AsSpan().IndexOf(v) >= 0);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    public void Dispose()
    {
        foreach (var variant in _variants)
        {
            CryptographicOperations.ZeroMemory(variant);
        }
    }

    private void Add(ReadOnlySpan<byte> value)
    {
        var copy = GC.AllocateArray<byte>(value.Length, pinned: true);
        value.CopyTo(copy);
        _variants.Add(copy);
    }

    private void AddOwned(byte[] buffer, int length)
    {
        if (length > 0 && !_variants.Any(v => v.AsSpan().SequenceEqual(buffer.AsSpan(0, length))))
        {
            Add(buffer.AsSpan(0, length));
        }
        CryptographicOperations.ZeroMemory(buffer);
    }
}
