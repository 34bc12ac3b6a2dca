using System.Globalization;
using System.Text;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// Canonical JSON written straight to UTF-8 for typed audit records: strings escaped exactly as
/// <see cref="CanonicalJson"/> escapes them (JSON.stringify: the quote, the backslash, control characters with
/// their short forms or lower-case <c>\u00xx</c>, lone surrogates as <c>\uXXXX</c>, everything else as is) and
/// integers as <see cref="CanonicalJson"/> prints them. One instance per thread, reused (see
/// <see cref="AuditRecord"/>'s typed <c>Create</c>).
/// </summary>
internal sealed class AuditLineWriter
{
    private const long MaxExactInteger = 1L << 53;

    private byte[] _buffer = new byte[1024];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>Capacity kept between records; a writer that grew past a few lines' worth is dropped by its owner.</summary>
    public int Capacity => _buffer.Length;

    public void Reset() => Length = 0;

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    public void Byte(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    /// <summary>An integer as <see cref="CanonicalJson"/> writes it: itself up to 2^53, else JavaScript's double spelling.</summary>
    public void Int64(long value)
    {
        if (value is >= -MaxExactInteger and <= MaxExactInteger)
        {
            var span = Reserve(20);
            value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
            Length += written;
            return;
        }
        // The DOM encoder reads such a number back as the nearest double; the conversion rounds the same way.
        Ascii(CanonicalJson.EcmaScriptNumber(value));
    }

    /// <summary>An audit timestamp (already truncated to milliseconds, UTC) as a JSON string.</summary>
    public void Timestamp(DateTimeOffset value)
    {
        // "yyyy-MM-ddTHH:mm:ss.fffZ" digit by digit: a custom format string is parsed on every call, and this runs
        // twice per proxied request. Same text as AuditTimestamp.ToText (the typed-encoding corpus compares them).
        var utc = value.UtcDateTime;
        var span = Reserve(26);
        span[0] = (byte)'"';
        Digits(span.Slice(1, 4), utc.Year);
        span[5] = (byte)'-';
        Digits(span.Slice(6, 2), utc.Month);
        span[8] = (byte)'-';
        Digits(span.Slice(9, 2), utc.Day);
        span[11] = (byte)'T';
        Digits(span.Slice(12, 2), utc.Hour);
        span[14] = (byte)':';
        Digits(span.Slice(15, 2), utc.Minute);
        span[17] = (byte)':';
        Digits(span.Slice(18, 2), utc.Second);
        span[20] = (byte)'.';
        Digits(span.Slice(21, 3), utc.Millisecond);
        span[24] = (byte)'Z';
        span[25] = (byte)'"';
        Length += 26;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    public void String(string text)
    {
        // Worst case: every UTF-16 unit a six-byte \uXXXX escape, plus the quotes.
        var span = Reserve((text.Length * 6) + 2);
        var at = 0;
        span[at++] = (byte)'"';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"': span[at++] = (byte)'\\'; span[at++] = (byte)'"'; break;
                    case '\\': span[at++] = (byte)'\\'; span[at++] = (byte)'\\'; break;
                    case '\b': span[at++] = (byte)'\\'; span[at++] = (byte)'b'; break;
                    case '\f': span[at++] = (byte)'\\'; span[at++] = (byte)'f'; break;
                    case '\n': span[at++] = (byte)'\\'; span[at++] = (byte)'n'; break;
                    case '\r': span[at++] = (byte)'\\'; span[at++] = (byte)'r'; break;
                    case '\t': span[at++] = (byte)'\\'; span[at++] = (byte)'t'; break;
                    default:
                        if (c < ' ')
                        {
                            at += UnicodeEscape(c, span[at..]);
                        }
                        else
                        {
                            span[at++] = (byte)c;
                        }
                        break;
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                at += new Rune(c, text[++i]).EncodeToUtf8(span[at..]);
            }
            else if (char.IsSurrogate(c))
            {
                at += UnicodeEscape(c, span[at..]);
            }
            else
            {
                at += new Rune(c).EncodeToUtf8(span[at..]);
            }
        }
        span[at++] = (byte)'"';
        Length += at;
    }

    private static int UnicodeEscape(char c, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        destination[1] = (byte)'u';
        ((int)c).TryFormat(destination[2..], out _, "x4", CultureInfo.InvariantCulture);
        return 6;
    }

    private void Ascii(string text)
    {
        var span = Reserve(text.Length);
        Length += System.Text.Encoding.ASCII.GetBytes(text, span);
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - Length < count)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
        return _buffer.AsSpan(Length);
    }
}
