using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditRecord
{
    /// <summary>
    /// Builds, hashes and serialises a record. Bad arguments are programming errors (a reserved or
    /// oversized field), so they throw instead of returning a result.
    /// </summary>
    /// <remarks>
    /// Hot path (every proxied request appends): the canonical form is written once, members in
    /// ordinal order, and <c>hash</c> is then spliced in at the place ordinal order gives it rather
    /// than serialising the whole record a second time. The result is byte-identical to
    /// <see cref="CanonicalJson"/> of the full record, which <see cref="Parse"/> insists on.
    /// </remarks>
    internal static AuditRecord Create(long seq, DateTimeOffset timestamp, string prev, string type, JsonObject? fields)
    {
        if (!AuditJson.IsValidType(type))
        {
            throw new ArgumentException($"An audit record type is 1-{MaxTypeLength} characters of a-z 0-9 . _ -.", nameof(type));
        }
        var names = MemberNames(fields);
        var depth = 1 + (fields is null ? 0 : fields.Select(p => AuditJson.Depth(p.Value)).DefaultIfEmpty(0).Max());
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Audit fields nest deeper than the verifier accepts ({MaxDepth}).", nameof(fields));
        }

        var ts = AuditTimestamp.Truncate(timestamp);
        var text = new StringBuilder(512).Append('{');
        var hashAt = -1;
        var hashIsFirst = false;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (hashAt < 0 && string.CompareOrdinal(name, AuditJson.Hash) > 0)
            {
                hashAt = text.Length;
                hashIsFirst = i == 0;
            }
            if (i > 0)
            {
                text.Append(',');
            }
            CanonicalJson.AppendString(text, name);
            text.Append(':');
            switch (name)
            {
                case AuditJson.V: text.Append(CurrentVersion.ToString(CultureInfo.InvariantCulture)); break;
                case AuditJson.Seq: text.Append(seq.ToString(CultureInfo.InvariantCulture)); break;
                case AuditJson.Ts: CanonicalJson.AppendString(text, AuditTimestamp.ToText(ts)); break;
                case AuditJson.Prev: CanonicalJson.AppendString(text, prev); break;
                case AuditJson.Type: CanonicalJson.AppendString(text, type); break;
                default: CanonicalJson.Append(text, fields![name]); break;
            }
        }
        text.Append('}');
        // The splice point is counted in UTF-16 units; convert it to a UTF-8 byte offset.
        var withoutHash = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        hashAt = System.Text.Encoding.UTF8.GetByteCount(text.ToString(0, hashAt));

        // hash covers everything but itself (DESIGN §4 "Audit"). "prev" always sorts after "hash",
        // so hashAt is set; the member takes a comma after it if first, else one before it.
        var hash = AuditHash.Compute(withoutHash);
        var member = System.Text.Encoding.UTF8.GetBytes(hashIsFirst ? $"\"hash\":\"{hash}\"," : $",\"hash\":\"{hash}\"");
        var length = withoutHash.Length + member.Length;
        if (length > MaxLineBytes)
        {
            throw new ArgumentException($"An audit line may not exceed {MaxLineBytes} bytes; this one has {length}.", nameof(fields));
        }
        var line = new byte[length + 1];
        withoutHash.AsSpan(0, hashAt).CopyTo(line);
        member.CopyTo(line, hashAt);
        withoutHash.AsSpan(hashAt).CopyTo(line.AsSpan(hashAt + member.Length));
        line[^1] = (byte)'\n';
        return new AuditRecord(seq, ts, prev, type, hash, line);
    }

    private static string[] MemberNames(JsonObject? fields)
    {
        var names = new List<string>(5 + (fields?.Count ?? 0)) { AuditJson.V, AuditJson.Seq, AuditJson.Ts, AuditJson.Prev, AuditJson.Type };
        if (fields is not null)
        {
            foreach (var (name, _) in fields)
            {
                if (AuditJson.ReservedNames.Contains(name))
                {
                    throw new ArgumentException($"The field name '{name}' is reserved in audit records.", nameof(fields));
                }
                names.Add(name);
            }
        }
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }
}
