using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.Core.Secrets;

/// <summary>
/// Every spelling of a set of secrets that <see cref="SecretScrubber"/> replaces (reliability PRX-18), derived once:
/// the raw value, base64 and base64url (standalone, padded and not, and the part fully determined by the secret at each
/// of the three alignments it can have inside a longer base64 text such as Basic auth), percent-encoded (upper- and
/// lower-case hex), JSON-escaped (minimal, <c>\/</c> and System.Text.Json's <c>\u00XX</c> style) and hex, plus the
/// marker that replaces them. Immutable after construction, so any number of responses may scan with it at once: the
/// gateway keeps one per connection and secret version next to the opened secret map (ADR 0044), the vault one per
/// released credential.
/// <para>
/// Every spelling lives in a pinned buffer of its own, zeroed when the last reference is released: the creator holds one
/// (released by <see cref="Dispose"/>), and each user that must outlive the creator's hold takes its own with
/// <see cref="TryAddReference"/>. So a cache may drop and "zero" an entry while a response is still being scrubbed with
/// it: the zeroing waits for that response, and no scan ever runs against zeroed spellings.
/// </para>
/// </summary>
public sealed class SecretSpellings : IDisposable
{
    // Derived spellings shorter than this would match ordinary text; the raw value is always kept.
    private const int MinDerivedLength = 4;

    private const string UpperHex = "0123456789ABCDEF";
    private const string LowerHex = "0123456789abcdef";

    private readonly byte[] _markerBytes;
    private readonly byte[][] _spellings;
    private readonly SearchValues<byte> _firstBytes;
    private readonly SearchValues<char> _firstChars;

    // A header value is Latin-1: a char above U+00FF becomes '?' there, so it may start a spelling only when '?' does.
    private readonly bool _questionMarkStarts;

    // The creator's reference plus one per TryAddReference; the spellings are zeroed when it reaches zero.
    private int _references = 1;
    private int _creatorReleased;

    /// <param name="secrets">The raw values to replace; empty ones are ignored. The spellings are copies of their own.</param>
    /// <param name="marker">What replaces each occurrence (ASCII).</param>
    public SecretSpellings(IReadOnlyList<byte[]> secrets, string marker)
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
        byte[] first = [.. _spellings.Select(s => s[0]).Distinct()];
        _firstBytes = SearchValues.Create(first);
        _firstChars = SearchValues.Create([.. first.Select(b => (char)b)]);
        _questionMarkStarts = first.Contains((byte)'?');
    }

    /// <summary>Spellings of one secret held in a span (the spellings are copies of their own).</summary>
    public static SecretSpellings For(ReadOnlySpan<byte> secret, string marker)
    {
        var copy = GC.AllocateArray<byte>(secret.Length, pinned: true);
        try
        {
            secret.CopyTo(copy);
            return new SecretSpellings([copy], marker);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>What replaces a secret.</summary>
    public string Marker { get; }

    /// <summary>True when there is nothing to scrub, so a body can pass through untouched.</summary>
    public bool IsEmpty => _spellings.Length == 0;

    /// <summary>How many spellings are searched for (a test hook: each must be non-empty and distinct).</summary>
    internal int Count => _spellings.Length;

    /// <summary>A test hook: true when every spelling is all zero bytes (after the last reference was released).</summary>
    internal bool IsZeroed => _spellings.All(s => s.AsSpan().IndexOfAnyExcept((byte)0) < 0);

    /// <summary>
    /// Takes a reference that keeps the spellings from being zeroed until <see cref="ReleaseReference"/>; false when the
    /// last reference is already gone (the spellings are zeroed and must not be used).
    /// </summary>
    public bool TryAddReference()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a reference taken with <see cref="TryAddReference"/>; the last one zeroes the spellings.</summary>
    public void ReleaseReference()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            foreach (var spelling in _spellings)
            {
                CryptographicOperations.ZeroMemory(spelling);
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("A reference to secret spellings was released twice.");
        }
    }

    /// <summary>Releases the creator's reference (once, however often it is called).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _creatorReleased, 1) == 0)
        {
            ReleaseReference();
        }
    }

    /// <summary>True when <paramref name="value"/> (a Latin-1 header value) may hold a spelling: some char starts one.</summary>
    internal bool MayStartIn(ReadOnlySpan<char> value) =>
        value.ContainsAny(_firstChars) || (_questionMarkStarts && value.ContainsAnyInRange((char)0x100, char.MaxValue));

    /// <summary>
    /// Copies <paramref name="data"/> to <paramref name="output"/> with every spelling replaced by the marker. Unless
    /// <paramref name="final"/>, stops before a tail that may still become a spelling once more bytes arrive.
    /// </summary>
    internal (int Consumed, bool Matched) Scan(ReadOnlySpan<byte> data, IBufferWriter<byte> output, bool final)
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
