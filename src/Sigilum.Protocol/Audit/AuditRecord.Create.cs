using System.Text.Json.Nodes;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditRecord
{
    /// <summary>
    /// Builds, hashes and serialises a record. Bad arguments are programming errors (a reserved or
    /// oversized field), so they throw instead of returning a result.
    /// </summary>
    internal static AuditRecord Create(long seq, DateTimeOffset timestamp, string prev, string type, JsonObject? fields)
    {
        if (!AuditJson.IsValidType(type))
        {
            throw new ArgumentException($"An audit record type is 1-{MaxTypeLength} characters of a-z 0-9 . _ -.", nameof(type));
        }
        var ts = AuditTimestamp.Truncate(timestamp);
        var record = new JsonObject
        {
            [AuditJson.V] = CurrentVersion,
            [AuditJson.Seq] = seq,
            [AuditJson.Ts] = AuditTimestamp.ToText(ts),
            [AuditJson.Prev] = prev,
            [AuditJson.Type] = type,
        };
        if (fields is not null)
        {
            foreach (var (name, value) in fields)
            {
                if (AuditJson.ReservedNames.Contains(name))
                {
                    throw new ArgumentException($"The field name '{name}' is reserved in audit records.", nameof(fields));
                }
                record[name] = value?.DeepClone();
            }
        }
        if (AuditJson.Depth(record) > MaxDepth)
        {
            throw new ArgumentException($"Audit fields nest deeper than the verifier accepts ({MaxDepth}).", nameof(fields));
        }

        // hash covers everything but itself (DESIGN §4 "Audit"); the line is then re-serialised with
        // it so the written bytes are canonical as a whole and a verifier can insist on that.
        var hash = AuditHash.Compute(CanonicalJson.SerializeToUtf8(record));
        record[AuditJson.Hash] = hash;
        var json = CanonicalJson.SerializeToUtf8(record);
        if (json.Length > MaxLineBytes)
        {
            throw new ArgumentException($"An audit line may not exceed {MaxLineBytes} bytes; this one has {json.Length}.", nameof(fields));
        }
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return new AuditRecord(seq, ts, prev, type, hash, line);
    }
}
