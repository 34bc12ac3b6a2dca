namespace Sigilum.Protocol.StructuredFields;

/// <summary>Kinds of RFC 9651 bare items we parse (display strings and dates are rejected).</summary>
internal enum BareItemKind
{
    Integer,
    Decimal,
    String,
    Token,
    ByteSequence,
    Boolean,
}

/// <summary>One RFC 9651 §3.3 bare item.</summary>
internal sealed record BareItem(BareItemKind Kind, long Integer = 0, decimal Decimal = 0, string? Text = null, byte[]? Bytes = null, bool Boolean = false)
{
    public static BareItem OfString(string text) => new(BareItemKind.String, Text: text);

    public static BareItem OfInteger(long value) => new(BareItemKind.Integer, Integer: value);
}
