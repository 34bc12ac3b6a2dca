namespace Sigilum.Protocol.Audit;

/// <summary>
/// One typed member of an audit record's own fields: a string, a 64-bit integer, a boolean, null, an array of strings, a
/// time or an object of such members. The hot-path alternative to a <see cref="System.Text.Json.Nodes.JsonObject"/>: a record built from fields is
/// written straight to canonical UTF-8 (<see cref="AuditChain.Append(string, ReadOnlySpan{AuditField})"/>),
/// byte for byte what the same members as a <c>JsonObject</c> give, without a DOM or an intermediate string.
/// </summary>
/// <remarks>
/// A field whose value is null is absent from the record (as a member the caller did not add), so optional
/// members need no branching at the call site. The same rules as for <c>JsonObject</c> fields apply: never a
/// secret, no reserved name (<c>v seq ts prev type hash</c>), no name twice.
/// </remarks>
public readonly struct AuditField
{
    private AuditField(string name, AuditFieldKind kind, string? text, long number, IReadOnlyList<string>? texts, IReadOnlyList<AuditField>? members = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Kind = kind;
        Text = text;
        Number = number;
        Texts = texts;
        Members = members;
    }

    /// <summary>The member name.</summary>
    public string Name { get; }

    internal AuditFieldKind Kind { get; }

    internal string? Text { get; }

    internal long Number { get; }

    internal IReadOnlyList<string>? Texts { get; }

    internal IReadOnlyList<AuditField>? Members { get; }

    /// <summary>False for a field created from a null value: it is not written.</summary>
    public bool IsPresent => Kind != AuditFieldKind.Absent;

    /// <summary>A JSON string member; absent when <paramref name="value"/> is null.</summary>
    public static AuditField String(string name, string? value) =>
        new(name, value is null ? AuditFieldKind.Absent : AuditFieldKind.String, value, 0, null);

    /// <summary>
    /// A JSON string member, or a JSON <c>null</c> member when <paramref name="value"/> is null: what a
    /// <c>JsonObject</c> member set to a null string writes (records whose readers expect the member either way).
    /// </summary>
    public static AuditField StringOrNull(string name, string? value) =>
        new(name, value is null ? AuditFieldKind.Null : AuditFieldKind.String, value, 0, null);

    /// <summary>A JSON integer member.</summary>
    public static AuditField Int64(string name, long value) => new(name, AuditFieldKind.Int64, null, value, null);

    /// <summary>A JSON integer member; absent when <paramref name="value"/> is null.</summary>
    public static AuditField Int64(string name, long? value) =>
        new(name, value is null ? AuditFieldKind.Absent : AuditFieldKind.Int64, null, value.GetValueOrDefault(), null);

    /// <summary>A JSON <c>true</c> or <c>false</c> member.</summary>
    public static AuditField Boolean(string name, bool value) => new(name, AuditFieldKind.Boolean, null, value ? 1 : 0, null);

    /// <summary>A JSON array of strings, in the list's order; absent when <paramref name="values"/> is null.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    public static AuditField Strings(string name, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null)
                {
                    throw new ArgumentException("An audit string array may not hold null.", nameof(values));
                }
            }
        }
        return new(name, values is null ? AuditFieldKind.Absent : AuditFieldKind.Strings, null, 0, values);
    }

    /// <summary>
    /// An instant as a JSON string in the record's own timestamp form (UTC, milliseconds, <c>Z</c>: what <c>ts</c> is);
    /// absent when <paramref name="value"/> is null.
    /// </summary>
    public static AuditField Time(string name, DateTimeOffset? value) =>
        new(name, value is null ? AuditFieldKind.Absent : AuditFieldKind.Time, null, value.GetValueOrDefault().UtcTicks, null);

    /// <summary>
    /// A JSON object of <paramref name="members"/>, written in canonical (ordinal) member order like the record itself;
    /// absent members are left out, and the object is absent when <paramref name="members"/> is null. Member names may
    /// repeat reserved names (they are not the record's), never each other.
    /// </summary>
    public static AuditField Object(string name, IReadOnlyList<AuditField>? members) =>
        new(name, members is null ? AuditFieldKind.Absent : AuditFieldKind.Object, null, 0, null, members);
}
