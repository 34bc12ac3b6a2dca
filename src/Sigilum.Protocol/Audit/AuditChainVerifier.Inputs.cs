using System.Text;
using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditChainVerifier
{
    // Strict: a text line that is not valid UTF-16 must fail, not be patched with U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Verifies a whole log held in memory (the file's bytes). Lines end with <c>\n</c>; bytes after
    /// the last <c>\n</c> are a torn tail, reported with its offset and not trusted. Zero bytes at the
    /// very end are space a writer preallocated (ADR 0031), not records, and are ignored; a zero byte
    /// anywhere else — inside a line, or a torn tail with a hole in it — is malformed.
    /// </summary>
    public static AuditVerification Verify(ReadOnlySpan<byte> log, AuditVerifyOptions? options = null)
    {
        var verifier = new AuditChainVerifier(options);
        log = log[..(log.LastIndexOfAnyExcept((byte)0) + 1)];
        var offset = 0;
        while (offset < log.Length)
        {
            var length = log[offset..].IndexOf((byte)'\n');
            if (length < 0)
            {
                if (log[offset..].Contains((byte)0))
                {
                    // A write cut short leaves a prefix of a line, then zeros; zeros and then more data are not that.
                    verifier.AddMalformedLine("the bytes after the last record are neither a cut-off record nor preallocated zeros");
                    break;
                }
                return verifier.Complete(tornTail: true, tornTailOffset: offset);
            }
            if (!verifier.AddLine(log.Slice(offset, length)))
            {
                break;
            }
            offset += length + 1;
        }
        return verifier.Complete();
    }

    /// <summary>
    /// Verifies a log given as lines without their newlines (as <c>File.ReadLines</c> yields them).
    /// Text cannot show whether the last line was newline-terminated, so a last line that is an
    /// unfinished JSON value (what a write cut short leaves) is taken as a torn tail; one empty last
    /// string, the artefact of splitting text that ends in a newline, is ignored. Use
    /// <see cref="Verify(ReadOnlySpan{byte}, AuditVerifyOptions?)"/> when the bytes are at hand.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<string> lines, AuditVerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var verifier = new AuditChainVerifier(options);
        using var enumerator = lines.GetEnumerator();
        var more = enumerator.MoveNext();
        while (more)
        {
            var line = enumerator.Current ?? string.Empty;
            more = enumerator.MoveNext();
            if (!more)
            {
                // Preallocated zeros after the last record end up in the last "line" (ADR 0031).
                line = line.TrimEnd('\0');
            }
            if (!more && line.Length == 0)
            {
                break;
            }
            var bytes = ToUtf8(line);
            if (bytes is null)
            {
                verifier.AddMalformedLine("line is not valid Unicode text");
                break;
            }
            if (!more && !verifier.HasFailed && IsUnfinishedJson(bytes))
            {
                return verifier.Complete(tornTail: true);
            }
            if (!verifier.AddLine(bytes))
            {
                break;
            }
        }
        return verifier.Complete();
    }

    private void AddMalformedLine(string reason)
    {
        if (_failure is null)
        {
            _lines++;
            _failure = Failure(ErrorCatalogue.AuditLineMalformed, $"line {_lines}: {reason}", _head.Seq + 1, _lines);
        }
    }

    private static byte[]? ToUtf8(string line)
    {
        try
        {
            return StrictUtf8.GetBytes(line);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the bytes are a proper prefix of some JSON value: the reader, told more data may
    /// follow, runs out before the first value ends. Garbage throws instead, and is not torn.
    /// </summary>
    private static bool IsUnfinishedJson(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > AuditRecord.MaxLineBytes)
        {
            return false;
        }
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = AuditRecord.MaxDepth }));
        try
        {
            if (!reader.Read())
            {
                return true;
            }
            return reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
