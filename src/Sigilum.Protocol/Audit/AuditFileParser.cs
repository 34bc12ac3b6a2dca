namespace Sigilum.Protocol.Audit;

/// <summary>
/// Parses the JSON-lines audit files line by line (one reader for both CLIs and every data plane's files): see
/// <see cref="AuditLines{T}"/> for what counts as a line that does not parse.
/// </summary>
public static class AuditFileParser
{
    /// <summary>The audit records of <paramref name="bytes"/> (the whole of <c>audit.jsonl</c>, or complete lines of it).</summary>
    public static AuditLines<AuditRecord> Records(ReadOnlySpan<byte> bytes) => Parse(bytes, static line => AuditRecord.Parse(line));

    /// <summary>The signed checkpoints of <paramref name="bytes"/> (the whole of <c>checkpoints.jsonl</c>).</summary>
    public static AuditLines<AuditCheckpoint> Checkpoints(ReadOnlySpan<byte> bytes) => Parse(bytes, static line => AuditCheckpoint.Parse(line));

    private delegate Result<TEntry> LineParser<TEntry>(ReadOnlySpan<byte> line);

    private static AuditLines<TEntry> Parse<TEntry>(ReadOnlySpan<byte> bytes, LineParser<TEntry> parse)
    {
        var entries = new List<TEntry>();
        var invalid = 0;
        int? firstLine = null;
        string? firstReason = null;
        for (var number = 1; bytes.Length > 0; number++)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? [] : bytes[(end + 1)..];
            if (line.Length == 0)
            {
                continue;
            }
            var parsed = parse(line);
            if (parsed.IsSuccess)
            {
                entries.Add(parsed.Value!);
            }
            else if (end >= 0)
            {
                invalid++;
                firstLine ??= number;
                firstReason ??= parsed.Error!.Reason;
            }
        }
        return new AuditLines<TEntry>(entries, invalid, firstLine, firstReason);
    }
}
