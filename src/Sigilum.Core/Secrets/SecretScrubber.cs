using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.Core.Secrets;

/// <summary>
/// The one scrubber both data planes use for a credential the upstream echoes back (reliability PRX-18): one response's
/// scan with a <see cref="SecretSpellings"/> table — raw, base64 and base64url at any alignment, percent-encoded,
/// JSON-escaped and hex — each occurrence replaced with the table's marker (the gateway's and the vault's differ, see
/// <see cref="EchoMarker"/>, so a reader knows who redacted).
/// <para>
/// The table is either the scrubber's own (built from the secrets given to the constructor, zeroed by
/// <see cref="Dispose"/>) or shared (built once per connection and secret version by the gateway, ADR 0044): then the
/// caller keeps a reference on it for as long as the scrubber is used, and <see cref="Dispose"/> zeroes only this
/// response's state.
/// </para>
/// <para>
/// Memory is bounded: between chunks it holds back at most (longest spelling − 1) bytes, and only a tail that is the
/// start of a spelling (one split across a chunk boundary); everything else is released at once.
/// </para>
/// </summary>
public sealed class SecretScrubber : IDisposable
{
    private readonly SecretSpellings _spellings;
    private readonly bool _ownsSpellings;
    private byte[] _pending = [];

    /// <param name="secrets">The raw values to replace; empty ones are ignored. The scrubber keeps its own copies.</param>
    /// <param name="marker">What replaces each occurrence (ASCII).</param>
    public SecretScrubber(IReadOnlyList<byte[]> secrets, string marker)
        : this(new SecretSpellings(secrets, marker), ownsSpellings: true)
    {
    }

    /// <summary>
    /// A scrubber over a shared table: the caller holds a reference on <paramref name="spellings"/> (its creator's, or one
    /// from <see cref="SecretSpellings.TryAddReference"/>) until this scrubber is no longer used.
    /// </summary>
    public SecretScrubber(SecretSpellings spellings)
        : this(spellings, ownsSpellings: false)
    {
    }

    private SecretScrubber(SecretSpellings spellings, bool ownsSpellings)
    {
        ArgumentNullException.ThrowIfNull(spellings);
        _spellings = spellings;
        _ownsSpellings = ownsSpellings;
    }

    /// <summary>A scrubber for one secret held in a span (the scrubber keeps its own pinned copies).</summary>
    public static SecretScrubber For(ReadOnlySpan<byte> secret, string marker) => new(SecretSpellings.For(secret, marker), ownsSpellings: true);

    /// <summary>What replaces a secret.</summary>
    public string Marker => _spellings.Marker;

    /// <summary>True when there is nothing to scrub, so the body can pass through untouched.</summary>
    public bool IsEmpty => _spellings.IsEmpty;

    /// <summary>True once any spelling of a secret was replaced (in a body or a header value).</summary>
    public bool Found { get; private set; }

    /// <summary>How many spellings are searched for (a test hook: each must be non-empty and distinct).</summary>
    internal int SpellingCount => _spellings.Count;

    /// <summary>A test hook: true when every buffer the scrubber owns is all zero bytes (after <see cref="Dispose"/>).</summary>
    internal bool IsZeroed => (!_ownsSpellings || _spellings.IsZeroed) && _pending.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Scrubs <paramref name="chunk"/>; output that might still be part of a secret is held back.</summary>
    public void Process(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output) => Run(chunk, output, final: false);

    /// <summary>Releases the held-back tail at the end of the body.</summary>
    public void Flush(IBufferWriter<byte> output) => Run([], output, final: true);

    /// <summary>
    /// Scrubs one complete header value (Latin-1, as HTTP field values are), independent of any body state.
    /// Returns the value itself when it holds no spelling of a secret.
    /// </summary>
    public string ScrubText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Most header values hold no character a spelling starts with: nothing to copy for them.
        if (IsEmpty || value.Length == 0 || !_spellings.MayStartIn(value))
        {
            return value;
        }
        var bytes = Encoding.Latin1.GetBytes(value);
        var output = new ArrayBufferWriter<byte>(bytes.Length);
        try
        {
            if (_spellings.Scan(bytes, output, final: true) is var (_, matched) && !matched)
            {
                return value;
            }
            Found = true;
            return Encoding.Latin1.GetString(output.WrittenSpan);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            output.Clear();
        }
    }

    /// <summary>Zeroes any held-back tail, and the spellings when they are this scrubber's own.</summary>
    public void Dispose()
    {
        if (_ownsSpellings)
        {
            _spellings.Dispose();
        }
        CryptographicOperations.ZeroMemory(_pending);
        _pending = [];
    }

    private void Run(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output, bool final)
    {
        if (_pending.Length == 0)
        {
            // Nothing held back: scan the chunk where it is and keep only a tail that may still become a spelling.
            var (scanned, found) = _spellings.Scan(chunk, output, final);
            Found |= found;
            if (scanned < chunk.Length)
            {
                _pending = chunk[scanned..].ToArray();
            }
            return;
        }
        byte[] joined = [.. _pending, .. chunk];
        CryptographicOperations.ZeroMemory(_pending);
        var (consumed, matched) = _spellings.Scan(joined, output, final);
        Found |= matched;
        _pending = joined.AsSpan(consumed).ToArray();
        CryptographicOperations.ZeroMemory(joined);
    }
}
