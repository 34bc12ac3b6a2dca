using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.Core.Secrets;

/// <summary>
/// The one scrubber both data planes use for a credential the upstream echoes back (reliability PRX-18):
/// it replaces the raw value and the spellings an upstream is likely to produce — base64 and base64url
/// (at any byte alignment, so a secret inside a longer base64 blob such as Basic auth is caught too),
/// percent-encoded (upper- and lower-case hex), JSON-escaped (minimal, <c>\/</c> and System.Text.Json's
/// <c>\u00XX</c> style) and hex — with a marker (the gateway's and the vault's differ, so a reader knows
/// who redacted).
/// <para>
/// Memory is bounded: between chunks it holds back at most (longest spelling − 1) bytes, and only a tail
/// that is the start of a spelling (one split across a chunk boundary); everything else is released at
/// once. Every spelling lives in a pinned buffer of its own that <see cref="Dispose"/> zeroes, so callers
/// may zero their own copies as soon as the scrubber is built.
/// </para>
/// </summary>
public sealed class SecretScrubber : IDisposable
{
    // Derived spellings shorter than this would match ordinary text; the raw value is always kept.
    private const int MinDerivedLength = 4;

    private const string UpperHex = "0123456789ABCDEF";
    private const string LowerHex = "0123456789abcdef";

    private readonly byte[] _markerBytes;
    private readonly byte[][] _spellings;
    private readonly SearchValues<byte> _firstBytes;
    private byte[] _pending = [];

    /// <param name="secrets">The raw values to replace; empty ones are ignored. The scrubber keeps its own copies.</param>
    /// <param name="marker">What replaces each occurrence (ASCII).</param>
    public SecretScrubber(IReadOnlyList<byte[]> secrets, string marker)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(marker);
        Marker = marker;
        _markerBytes = Encoding.ASCII.GetBytes(marker);
        var spellings = new List<byte[]>();
        foreach (var secret in secrets)
        {
            if (secret is { Length: > 0 })
            {
                AddSpellings(secret, spellings);
            }
        }
        // Longest first, so the full standalone base64 (with its padding) wins over its aligned middle part.
        _spellings = [.. spellings.OrderByDescending(s => s.Length)];
        _firstBytes = SearchValues.Create([.. _spellings.Select(s => s[0]).Distinct()]);
    }

    /// <summary>A scrubber for one secret held in a span (the scrubber keeps its own pinned copies).</summary>
    public static SecretScrubber For(ReadOnlySpan<byte> secret, string marker)
    {
        var copy = GC.AllocateArray<byte>(secret.Length, pinned: true);
        try
        {
            secret.CopyTo(copy);
            return new SecretScrubber([copy], marker);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>What replaces a secret.</summary>
    public string Marker { get; }

    /// <summary>True when there is nothing to scrub, so the body can pass through untouched.</summary>
    public bool IsEmpty => _spellings.Length == 0;

    /// <summary>True once any spelling of a secret was replaced (in a body or a header value).</summary>
    public bool Found { get; private set; }

    /// <summary>How many spellings are searched for (a test hook: each must be non-empty and distinct).</summary>
    internal int SpellingCount => _spellings.Length;

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
        if (IsEmpty || value.Length == 0)
        {
            return value;
        }
        var bytes = Encoding.Latin1.GetBytes(value);
        var output = new ArrayBufferWriter<byte>(bytes.Length);
        try
        {
            if (Scan(bytes, output, final: true) is var (_, matched) && !matched)
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

    /// <summary>Zeroes every spelling and any held-back tail.</summary>
    public void Dispose()
    {
        foreach (var spelling in _spellings)
        {
            CryptographicOperations.ZeroMemory(spelling);
        }
        CryptographicOperations.ZeroMemory(_pending);
        _pending = [];
    }

    /// <summary>A test hook: true when every buffer the scrubber owns is all zero bytes (after <see cref="Dispose"/>).</summary>
    internal bool IsZeroed => _spellings.All(s => s.AsSpan().IndexOfAnyExcept((byte)0) < 0) && _pending.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    private void Run(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output, bool final)
    {
        byte[] joined = [.. _pending, .. chunk];
        CryptographicOperations.ZeroMemory(_pending);
        var (consumed, matched) = Scan(joined, output, final);
        Found |= matched;
        _pending = joined.AsSpan(consumed).ToArray();
        CryptographicOperations.ZeroMemory(joined);
    }

    private (int Consumed, bool Matched) Scan(ReadOnlySpan<byte> data, IBufferWriter<byte> output, bool final)
    {
        var matchedAny = false;
        var i = 0;
        while (i < data.Length)
        {
            var next = data[i..].IndexOfAny(_firstBytes);
            if (next < 0)
            {
                output.Write(data[i..]);
                return (data.Length, matchedAny);
            }
            output.Write(data.Slice(i, next));
            i += next;
            var matched = MatchAt(data[i..]);
            if (matched > 0)
            {
                output.Write(_markerBytes);
                matchedAny = true;
                i += matched;
                continue;
            }
            // Hold back only a tail that could still become a secret, so small writes such as SSE
            // events are not delayed unless they end in what looks like the start of a secret.
            if (!final && IsSpellingPrefix(data[i..]))
            {
                return (i, matchedAny);
            }
            output.Write(data.Slice(i, 1));
            i++;
        }
        return (i, matchedAny);
    }

    private bool IsSpellingPrefix(ReadOnlySpan<byte> tail)
    {
        foreach (var spelling in _spellings)
        {
            if (spelling.Length > tail.Length && spelling.AsSpan().StartsWith(tail))
            {
                return true;
            }
        }
        return false;
    }

    private int MatchAt(ReadOnlySpan<byte> data)
    {
        foreach (var spelling in _spellings)
        {
            if (data.StartsWith(spelling))
            {
                return spelling.Length;
            }
        }
        return 0;
    }

    private static void AddSpellings(ReadOnlySpan<byte> secret, List<byte[]> into)
    {
        Add(secret, into, isRaw: true);

        // Standalone base64, padded and not, then the part fully determined by the secret at each of the
        // three alignments it can have inside a longer base64 text (a Basic auth header, a JWT, a blob).
        var padded = Base64Bytes(secret);
        try
        {
            AddBase64Forms(padded, into);
            var unpadded = padded.AsSpan().TrimEnd((byte)'=');
            AddBase64Forms(unpadded, into);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = GC.AllocateArray<byte>(offset + secret.Length, pinned: true);
            secret.CopyTo(shifted.AsSpan(offset));
            var encoded = Base64Bytes(shifted);
            try
            {
                var totalBits = 8 * shifted.Length;
                var first = ((8 * offset) + 5) / 6;
                var last = (totalBits / 6) - 1;
                if (last >= first)
                {
                    AddBase64Forms(encoded.AsSpan(first, last - first + 1), into);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(shifted);
                CryptographicOperations.ZeroMemory(encoded);
            }
        }

        AddEncoded(secret, into, PercentUpper);
        AddEncoded(secret, into, PercentLower);
        AddEncoded(secret, into, JsonMinimal);
        AddEncoded(secret, into, JsonSlash);
        AddEncoded(secret, into, JsonUnicode);
        AddEncoded(secret, into, HexLower);
        AddEncoded(secret, into, HexUpper);
    }

    private static byte[] Base64Bytes(ReadOnlySpan<byte> value)
    {
        var encoded = GC.AllocateArray<byte>(((value.Length + 2) / 3) * 4, pinned: true);
        Base64.EncodeToUtf8(value, encoded, out _, out _);
        return encoded;
    }

    private static void AddBase64Forms(ReadOnlySpan<byte> standard, List<byte[]> into)
    {
        Add(standard, into, isRaw: false);
        var url = GC.AllocateArray<byte>(standard.Length, pinned: true);
        try
        {
            for (var i = 0; i < standard.Length; i++)
            {
                url[i] = standard[i] switch { (byte)'+' => (byte)'-', (byte)'/' => (byte)'_', var b => b };
            }
            Add(url, into, isRaw: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(url);
        }
    }

    private delegate int Encoder(ReadOnlySpan<byte> secret, Span<byte> destination);

    private static void AddEncoded(ReadOnlySpan<byte> secret, List<byte[]> into, Encoder encoder)
    {
        // Six output bytes per input byte is the widest form (\u00XX).
        var buffer = GC.AllocateArray<byte>(secret.Length * 6, pinned: true);
        try
        {
            var length = encoder(secret, buffer);
            Add(buffer.AsSpan(0, length), into, isRaw: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static void Add(ReadOnlySpan<byte> spelling, List<byte[]> into, bool isRaw)
    {
        if ((!isRaw && spelling.Length < MinDerivedLength) || spelling.IsEmpty)
        {
            return;
        }
        foreach (var existing in into)
        {
            if (existing.AsSpan().SequenceEqual(spelling))
            {
                return;
            }
        }
        var copy = GC.AllocateArray<byte>(spelling.Length, pinned: true);
        spelling.CopyTo(copy);
        into.Add(copy);
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static int PercentUpper(ReadOnlySpan<byte> secret, Span<byte> destination) => Percent(secret, destination, UpperHex);

    private static int PercentLower(ReadOnlySpan<byte> secret, Span<byte> destination) => Percent(secret, destination, LowerHex);

    private static int Percent(ReadOnlySpan<byte> secret, Span<byte> destination, string digits)
    {
        var at = 0;
        foreach (var b in secret)
        {
            if (IsUnreserved(b))
            {
                destination[at++] = b;
                continue;
            }
            destination[at++] = (byte)'%';
            destination[at++] = (byte)digits[b >> 4];
            destination[at++] = (byte)digits[b & 0xF];
        }
        return at;
    }

    private static int JsonMinimal(ReadOnlySpan<byte> secret, Span<byte> destination) => Json(secret, destination, escapeSlash: false, unicodeStyle: false);

    private static int JsonSlash(ReadOnlySpan<byte> secret, Span<byte> destination) => Json(secret, destination, escapeSlash: true, unicodeStyle: false);

    private static int JsonUnicode(ReadOnlySpan<byte> secret, Span<byte> destination) => Json(secret, destination, escapeSlash: false, unicodeStyle: true);

    // unicodeStyle: System.Text.Json's default encoder, which writes " + < > & ' ` as \u00XX (upper-case hex).
    private static int Json(ReadOnlySpan<byte> secret, Span<byte> destination, bool escapeSlash, bool unicodeStyle)
    {
        var at = 0;
        foreach (var b in secret)
        {
            var unicode = b < 0x20 || (unicodeStyle && b is (byte)'"' or (byte)'+' or (byte)'<' or (byte)'>' or (byte)'&' or (byte)'\'' or (byte)'`');
            if (unicode)
            {
                foreach (var c in "\\u00")
                {
                    destination[at++] = (byte)c;
                }
                destination[at++] = (byte)UpperHex[b >> 4];
                destination[at++] = (byte)UpperHex[b & 0xF];
            }
            else if (b is (byte)'"' or (byte)'\\' || (escapeSlash && b == (byte)'/'))
            {
                destination[at++] = (byte)'\\';
                destination[at++] = b;
            }
            else
            {
                destination[at++] = b;
            }
        }
        return at;
    }

    private static int HexLower(ReadOnlySpan<byte> secret, Span<byte> destination) => Hex(secret, destination, LowerHex);

    private static int HexUpper(ReadOnlySpan<byte> secret, Span<byte> destination) => Hex(secret, destination, UpperHex);

    private static int Hex(ReadOnlySpan<byte> secret, Span<byte> destination, string digits)
    {
        var at = 0;
        foreach (var b in secret)
        {
            destination[at++] = (byte)digits[b >> 4];
            destination[at++] = (byte)digits[b & 0xF];
        }
        return at;
    }
}
