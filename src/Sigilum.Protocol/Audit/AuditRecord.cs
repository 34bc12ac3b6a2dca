using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// One audit record, the same format for the gateway and the vault: a JSON line
/// <c>{"v":1,"seq":…,"ts":…,"prev":…,"type":…, …fields, "hash":…}</c> written in canonical JSON
/// (keys sorted by UTF-16 ordinal, no whitespace) and ended by <c>\n</c>. <c>hash</c> is the
/// lowercase hex SHA-256 of the canonical JSON of the record without its <c>hash</c> member;
/// <c>prev</c> is the previous record's <c>hash</c> (<see cref="AuditChainHead.GenesisHash"/> for
/// the first), so editing, deleting, inserting or reordering records breaks the chain.
/// </summary>
/// <remarks>
/// <para>
/// Field values are stored and hashed in clear and will be read by whoever verifies the log.
/// <b>Never put secret material in them</b> (credentials, tokens, signatures that grant access,
/// request bodies): record references such as a credential id, a key fingerprint or a JTI instead.
/// Keeping secrets out is the caller's duty; this type cannot tell a secret from an id.
/// </para>
/// <para>
/// Create records with <see cref="AuditChain.Append(string, System.Text.Json.Nodes.JsonObject?)"/>; read them back with <see cref="Parse"/> or
/// <see cref="AuditChainVerifier"/>.
/// </para>
/// </remarks>
public sealed partial class AuditRecord
{
    /// <summary>The only record version (<c>v</c>) defined.</summary>
    public const int CurrentVersion = 1;

    /// <summary>
    /// Longest accepted line in bytes, without the newline. Bounds memory when reading an untrusted
    /// log; <see cref="AuditChain.Append(string, System.Text.Json.Nodes.JsonObject?)"/> refuses to write anything longer.
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Deepest nesting of objects and arrays accepted in a line, the record itself counting as 1.</summary>
    public const int MaxDepth = 16;

    /// <summary>Longest <c>type</c>, e.g. <c>gateway.request</c> or <c>vault.credential.release</c>.</summary>
    public const int MaxTypeLength = 64;

    private readonly byte[] _line;

    private AuditRecord(long seq, DateTimeOffset timestamp, string prev, string type, string hash, byte[] line)
    {
        Seq = seq;
        Timestamp = timestamp;
        Prev = prev;
        Type = type;
        Hash = hash;
        _line = line;
    }

    /// <summary>The record version, <c>v</c>; always <see cref="CurrentVersion"/>.</summary>
    public int Version { get; } = CurrentVersion;

    /// <summary>The sequence number, <c>seq</c>: 1 for a fresh log's first record, then +1 each record.</summary>
    public long Seq { get; }

    /// <summary>The record time, <c>ts</c>, UTC with millisecond precision.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The <c>ts</c> member as written: RFC 3339 UTC with milliseconds, e.g. <c>2026-01-02T03:04:05.678Z</c>.</summary>
    public string TimestampText => AuditTimestamp.ToText(Timestamp);

    /// <summary>The previous record's hash, <c>prev</c>.</summary>
    public string Prev { get; }

    /// <summary>The record type, <c>type</c>: 1–64 characters of <c>a-z 0-9 . _ -</c>.</summary>
    public string Type { get; }

    /// <summary>This record's hash, <c>hash</c>: lowercase hex SHA-256 of the canonical record without <c>hash</c>.</summary>
    public string Hash { get; }

    /// <summary>The exact bytes to append to the log: canonical UTF-8 JSON followed by one <c>\n</c>.</summary>
    public ReadOnlyMemory<byte> Line => _line;

    /// <summary>The chain head after this record, to resume a writer or checkpoint the log.</summary>
    public AuditChainHead Head => new(Seq, Hash, Timestamp);

    /// <summary>Returns a fresh, caller-owned copy of the record's own fields (every member except the six reserved ones).</summary>
    public JsonObject GetFields()
    {
        var node = JsonNode.Parse(_line.AsSpan(0, _line.Length - 1), nodeOptions: null, AuditJson.ParseOptions)!.AsObject();
        foreach (var name in AuditJson.ReservedNames)
        {
            node.Remove(name);
        }
        return node;
    }

    /// <inheritdoc/>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(_line, 0, _line.Length - 1);
}
