namespace Sigilum.Protocol.Audit;

public sealed partial class AuditRecord
{
    // Reserved members' slots in the member order below: fields are numbered from ReservedCount on.
    private const int ReservedCount = 5;

    // Most records have a dozen fields; the order is sorted on the stack up to this many members.
    private const int StackMembers = 32;

    // One writer per thread, reused: a record is built start to finish on one thread without awaiting.
    [ThreadStatic]
    private static AuditLineWriter? t_writer;

    /// <summary>
    /// Builds, hashes and serialises a record from typed fields: the same line, byte for byte, as
    /// <see cref="Create(long, DateTimeOffset, string, string, System.Text.Json.Nodes.JsonObject?)"/> with the
    /// same members in a <c>JsonObject</c> (the tests prove it over a corpus), but written straight to UTF-8 in
    /// canonical order: no DOM, no intermediate string, no member-name array. Allocation: the line, the hash
    /// string and the record.
    /// </summary>
    internal static AuditRecord Create(long seq, DateTimeOffset timestamp, string prev, string type, ReadOnlySpan<AuditField> fields)
    {
        if (!AuditJson.IsValidType(type))
        {
            throw new ArgumentException($"An audit record type is 1-{MaxTypeLength} characters of a-z 0-9 . _ -.", nameof(type));
        }
        var total = ReservedCount + fields.Length;
        var order = total <= StackMembers ? stackalloc int[StackMembers] : new int[total];
        var count = 0;
        for (var i = 0; i < ReservedCount; i++)
        {
            order[count++] = i;
        }
        for (var i = 0; i < fields.Length; i++)
        {
            if (!fields[i].IsPresent)
            {
                continue;
            }
            if (AuditJson.ReservedNames.Contains(fields[i].Name))
            {
                throw new ArgumentException($"The field name '{fields[i].Name}' is reserved in audit records.", nameof(fields));
            }
            order[count++] = ReservedCount + i;
        }
        order = order[..count];
        // Insertion sort by ordinal name: a dozen members, mostly in order already.
        for (var i = 1; i < order.Length; i++)
        {
            var member = order[i];
            var name = MemberName(member, fields);
            var j = i - 1;
            for (; j >= 0 && string.CompareOrdinal(MemberName(order[j], fields), name) > 0; j--)
            {
                order[j + 1] = order[j];
            }
            order[j + 1] = member;
        }
        for (var i = 1; i < order.Length; i++)
        {
            if (string.Equals(MemberName(order[i - 1], fields), MemberName(order[i], fields), StringComparison.Ordinal))
            {
                throw new ArgumentException($"The field name '{MemberName(order[i], fields)}' appears twice.", nameof(fields));
            }
        }

        var ts = AuditTimestamp.Truncate(timestamp);
        var writer = t_writer ??= new AuditLineWriter();
        writer.Reset();
        writer.Byte((byte)'{');
        var hashAt = -1;
        var hashIsFirst = false;
        for (var i = 0; i < order.Length; i++)
        {
            var name = MemberName(order[i], fields);
            if (hashAt < 0 && string.CompareOrdinal(name, AuditJson.Hash) > 0)
            {
                hashAt = writer.Length;
                hashIsFirst = i == 0;
            }
            if (i > 0)
            {
                writer.Byte((byte)',');
            }
            writer.String(name);
            writer.Byte((byte)':');
            switch (order[i])
            {
                case 0: writer.Int64(CurrentVersion); break;
                case 1: writer.Int64(seq); break;
                case 2: writer.Timestamp(ts); break;
                case 3: writer.String(prev); break;
                case 4: writer.String(type); break;
                default: WriteValue(writer, fields[order[i] - ReservedCount]); break;
            }
        }
        writer.Byte((byte)'}');
        try
        {
            return Seal(seq, ts, prev, type, writer.Written, hashAt, hashIsFirst);
        }
        finally
        {
            if (writer.Capacity > 4 * MaxLineBytes)
            {
                t_writer = null; // Do not keep an outsized buffer alive on this thread.
            }
        }
    }

    private static string MemberName(int member, ReadOnlySpan<AuditField> fields) => member switch
    {
        0 => AuditJson.V,
        1 => AuditJson.Seq,
        2 => AuditJson.Ts,
        3 => AuditJson.Prev,
        4 => AuditJson.Type,
        _ => fields[member - ReservedCount].Name,
    };

    private static void WriteValue(AuditLineWriter writer, in AuditField field)
    {
        switch (field.Kind)
        {
            case AuditFieldKind.String:
                writer.String(field.Text!);
                break;
            case AuditFieldKind.Int64:
                writer.Int64(field.Number);
                break;
            case AuditFieldKind.Boolean:
                // Number holds 1 for true (the struct has no room of its own for a flag).
                writer.Raw(field.Number != 0 ? "true"u8 : "false"u8);
                break;
            case AuditFieldKind.Null:
                writer.Raw("null"u8);
                break;
            case AuditFieldKind.Time:
                writer.Timestamp(AuditTimestamp.Truncate(new DateTimeOffset(field.Number, TimeSpan.Zero)));
                break;
            case AuditFieldKind.Object:
                WriteObject(writer, field.Members!);
                break;
            default:
                var values = field.Texts!;
                writer.Byte((byte)'[');
                for (var i = 0; i < values.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.Byte((byte)',');
                    }
                    writer.String(values[i]);
                }
                writer.Byte((byte)']');
                break;
        }
    }

    /// <summary>A nested object: present members in ordinal name order, as <c>CanonicalJson</c> orders a nested <c>JsonObject</c>.</summary>
    private static void WriteObject(AuditLineWriter writer, IReadOnlyList<AuditField> members)
    {
        var present = new List<AuditField>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i].IsPresent)
            {
                present.Add(members[i]);
            }
        }
        present.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        writer.Byte((byte)'{');
        for (var i = 0; i < present.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(present[i - 1].Name, present[i].Name, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The field name '{present[i].Name}' appears twice in one object.", nameof(members));
                }
                writer.Byte((byte)',');
            }
            writer.String(present[i].Name);
            writer.Byte((byte)':');
            WriteValue(writer, present[i]);
        }
        writer.Byte((byte)'}');
    }
}
