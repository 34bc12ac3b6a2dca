using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditRecord
{
    /// <summary>
    /// Parses and checks one line on its own (without its trailing <c>\n</c>): size, JSON, canonical
    /// spelling, member types, <c>v</c>, and that <c>hash</c> matches the content. Fails with
    /// <see cref="AuditErrorCodes.LineMalformed"/> or <see cref="AuditErrorCodes.HashMismatch"/>.
    /// Linking to the previous record is <see cref="AuditChainVerifier"/>'s job.
    /// </summary>
    public static Result<AuditRecord> Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxLineBytes)
        {
            return Malformed($"line is longer than {MaxLineBytes} bytes");
        }
        JsonObject record;
        try
        {
            if (JsonNode.Parse(line, nodeOptions: null, AuditJson.ParseOptions) is not JsonObject obj)
            {
                return Malformed("line is not a JSON object");
            }
            record = obj;
        }
        catch (JsonException)
        {
            return Malformed("line is not valid JSON");
        }

        // One spelling per record: whitespace, key order, escapes and invalid UTF-8 (which the parser
        // replaces with U+FFFD) all change the canonical bytes, so every byte of the line is covered.
        var canonical = CanonicalJson.SerializeToUtf8(record);
        if (!line.SequenceEqual(canonical))
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

        record.Remove(AuditJson.Hash);
        var expected = AuditHash.Compute(CanonicalJson.SerializeToUtf8(record));
        if (!string.Equals(expected, hash, StringComparison.Ordinal))
        {
            return Result<AuditRecord>.Fail(AuditErrorCodes.HashMismatch, $"record {seq}: 'hash' does not match the record's content");
        }

        var bytes = new byte[line.Length + 1];
        line.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return Result<AuditRecord>.Ok(new AuditRecord(seq, ts, prev!, type!, hash!, bytes));
    }

    private static Result<AuditRecord> Malformed(string reason) => Result<AuditRecord>.Fail(AuditErrorCodes.LineMalformed, reason);
}
