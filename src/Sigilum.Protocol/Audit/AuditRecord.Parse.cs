using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditRecord
{
    /// <summary>
    /// Parses and checks one line on its own (without its trailing <c>\n</c>): size, JSON, canonical
    /// spelling, member types, <c>v</c>, and that <c>hash</c> matches the content. Fails with
    /// <see cref="ErrorCatalogue.AuditLineMalformed"/> or <see cref="ErrorCatalogue.AuditHashMismatch"/>.
    /// Linking to the previous record is <see cref="AuditChainVerifier"/>'s job.
    /// </summary>
    public static Result<AuditRecord> Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxLineBytes)
        {
            return Malformed($"line is longer than {MaxLineBytes} bytes");
        }
        // System.Text.Json patches or throws on invalid UTF-8 depending on where it sits (a value
        // or a member name), so reject it before parsing.
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            return Malformed("line is not valid UTF-8");
        }
        try
        {
            return JsonNode.Parse(line, nodeOptions: null, AuditJson.ParseOptions) is JsonObject record
                ? FromObject(line, record)
                : Malformed("line is not a JSON object");
        }
        catch (JsonException)
        {
            return Malformed("line is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // Names and strings are decoded lazily, and an escaped lone surrogate ("\ud800") only
            // throws then: malformed, not a crash.
            return Malformed("line contains an invalid string escape");
        }
    }

    private static Result<AuditRecord> FromObject(ReadOnlySpan<byte> line, JsonObject record)
    {
        // One spelling per record: whitespace, key order and escapes all change the canonical bytes,
        // so every byte of the line is covered by the hash check below.
        if (!line.SequenceEqual(CanonicalJson.SerializeToUtf8(record)))
        {
            return Malformed("line is not in canonical JSON form");
        }

        if (!AuditJson.TryGetInt64(record, AuditJson.V, out var version))
        {
            return Malformed("'v' is missing or not an integer");
        }
        if (version != CurrentVersion)
        {
            return Malformed($"unsupported record version {version}");
        }
        if (!AuditJson.TryGetInt64(record, AuditJson.Seq, out var seq) || seq < 1)
        {
            return Malformed("'seq' is missing or not a positive integer");
        }
        if (!AuditJson.TryGetString(record, AuditJson.Ts, out var tsText) || !AuditTimestamp.TryParse(tsText, out var ts))
        {
            return Malformed("'ts' is missing or not RFC 3339 UTC with milliseconds");
        }
        if (!AuditJson.TryGetString(record, AuditJson.Prev, out var prev) || !AuditHash.IsValid(prev))
        {
            return Malformed("'prev' is missing or not 64 lowercase hex digits");
        }
        if (!AuditJson.TryGetString(record, AuditJson.Type, out var type) || !AuditJson.IsValidType(type))
        {
            return Malformed("'type' is missing or not 1-64 characters of a-z 0-9 . _ -");
        }
        if (!AuditJson.TryGetString(record, AuditJson.Hash, out var hash) || !AuditHash.IsValid(hash))
        {
            return Malformed("'hash' is missing or not 64 lowercase hex digits");
        }

        var expected = AuditHash.Compute(WithoutHashMember(line));
        if (!string.Equals(expected, hash, StringComparison.Ordinal))
        {
            return Result<AuditRecord>.Fail(ErrorCatalogue.AuditHashMismatch, $"record {seq}: 'hash' does not match the record's content");
        }

        var bytes = new byte[line.Length + 1];
        line.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return Result<AuditRecord>.Ok(new AuditRecord(seq, ts, prev!, type!, hash!, bytes));
    }

    /// <summary>
    /// The canonical record without its <c>hash</c> member, cut out of the (already verified
    /// canonical) line instead of serialising the record again: the hash input of
    /// <see cref="Create(long, DateTimeOffset, string, string, JsonObject?)"/>, byte for byte.
    /// </summary>
    private static byte[] WithoutHashMember(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("hash"u8))
            {
                var start = (int)reader.TokenStartIndex;
                reader.Read();
                var end = (int)reader.BytesConsumed;
                // Canonical form: the member is preceded by ',' or is first after '{' (then a ','
                // follows, as "prev" always sorts after it).
                var (cutFrom, cutTo) = line[start - 1] == (byte)',' ? (start - 1, end) : (start, end + 1);
                return [.. line[..cutFrom], .. line[cutTo..]];
            }
        }
        throw new System.Diagnostics.UnreachableException("A parsed record has no hash member."); // checked by the caller
    }

    private static Result<AuditRecord> Malformed(string reason) => Result<AuditRecord>.Fail(ErrorCatalogue.AuditLineMalformed, reason);
}
