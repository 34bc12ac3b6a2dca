namespace Sigilum.Protocol.StructuredFields;

/// <summary>A parenthesised inner list with its parameters.</summary>
internal sealed record SfInnerList(IReadOnlyList<SfItem> Items, IReadOnlyList<SfParameter> Parameters);
