using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditRecord
{
    // One builder per thread, reused: a record is built start to finish on one thread without awaiting.
    [ThreadStatic]
    private static StringBuilder? t_text;

    /// <summary>
    /// Builds, hashes and serialises a record. Bad arguments are programming errors (a reserved or
    /// oversized field), so they throw instead of returning a result.
    /// </summary>
    /// <remarks>
    /// Hot path (every proxied request appends): the canonical form is written once, members in
    /// ordinal order, and <c>hash</c> is then spliced in at the place ordinal order gives it rather
    /// than serialising the whole record a second time. The result is byte-identical to
    /// <see cref="CanonicalJson"/> of the full record, which <see cref="Parse"/> insists on. Allocation: the
    /// text once, the hash string and the line; the builder is reused per thread and the UTF-8 bytes that are
    /// hashed live in a pooled buffer.
    /// </remarks>
    internal static AuditRecord Create(long seq, DateTimeOffset timestamp, string prev, string type, JsonObject? fields)
    {
        if (!AuditJson.IsValidType(type))
        {
            throw new ArgumentException($"An audit record type is 1-{MaxTypeLength} characters of a-z 0-9 . _ -.", nameof(type));
        }
        var names = MemberNames(fields);
        var depth = 1;
        if (fields is not null)
        {
            foreach (var (_, value) in fields)
            {
                depth = Math.Max(depth, 1 + AuditJson.Depth(value));
            }
        }
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"Audit fields nest deeper than the verifier accepts ({MaxDepth}).", nameof(fields));
        }

        var ts = AuditTimestamp.Truncate(timestamp);
        var text = t_text ??= new StringBuilder(512);
        text.Clear().Append('{');
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
        var json = text.ToString();
        if (text.Capacity > 4 * MaxLineBytes)
        {
            t_text = null; // Do not keep an outsized builder alive on this thread.
        }

        // The splice point is counted in UTF-16 units; convert it to a UTF-8 byte offset.
        var utf8 = System.Text.Encoding.UTF8;
        var withoutHashLength = utf8.GetByteCount(json);
        var rented = ArrayPool<byte>.Shared.Rent(withoutHashLength);
        try
        {
            var withoutHash = rented.AsSpan(0, utf8.GetBytes(json, rented));
            return Seal(seq, ts, prev, type, withoutHash, utf8.GetByteCount(json.AsSpan(0, hashAt)), hashIsFirst);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Hashes the canonical record without <c>hash</c> and splices the member in at <paramref name="hashAt"/>
    /// (a UTF-8 offset: where ordinal order puts it), giving the line with its newline.
    /// </summary>
    private static AuditRecord Seal(long seq, DateTimeOffset ts, string prev, string type, ReadOnlySpan<byte> withoutHash, int hashAt, bool hashIsFirst)
    {
        // hash covers everything but itself (DESIGN §4 "Audit"). "prev" always sorts after "hash",
        // so hashAt is set; the member takes a comma after it if first, else one before it.
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(withoutHash, digest);
        var hash = Convert.ToHexStringLower(digest);
        ReadOnlySpan<byte> name = "\"hash\":\""u8;
        var memberLength = 1 + name.Length + AuditHash.HexLength + 1;
        var length = withoutHash.Length + memberLength;
        if (length > MaxLineBytes)
        {
#pragma warning disable CA2208 // The line is too long because of the caller's fields; both Create overloads name them so.
            throw new ArgumentException($"An audit line may not exceed {MaxLineBytes} bytes; this one has {length}.", "fields");
#pragma warning restore CA2208
        }
        var line = new byte[length + 1];
        withoutHash[..hashAt].CopyTo(line);
        var member = line.AsSpan(hashAt, memberLength);
        var at = 0;
        if (!hashIsFirst)
        {
            member[at++] = (byte)',';
        }
        name.CopyTo(member[at..]);
        at += name.Length;
        at += System.Text.Encoding.ASCII.GetBytes(hash, member[at..]);
        member[at++] = (byte)'"';
        if (hashIsFirst)
        {
            member[at] = (byte)',';
        }
        withoutHash[hashAt..].CopyTo(line.AsSpan(hashAt + memberLength));
        line[^1] = (byte)'\n';
        return new AuditRecord(seq, ts, prev, type, hash, line);
    }

    private static string[] MemberNames(JsonObject? fields)
    {
        var names = new string[5 + (fields?.Count ?? 0)];
        (names[0], names[1], names[2], names[3], names[4]) = (AuditJson.V, AuditJson.Seq, AuditJson.Ts, AuditJson.Prev, AuditJson.Type);
        var count = 5;
        if (fields is not null)
        {
            foreach (var (name, _) in fields)
            {
                if (AuditJson.ReservedNames.Contains(name))
                {
                    throw new ArgumentException($"The field name '{name}' is reserved in audit records.", nameof(fields));
                }
                names[count++] = name;
            }
        }
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }
}
