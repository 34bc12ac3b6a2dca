namespace Sigilum.Protocol.StructuredFields;

/// <summary>A bare item with its parameters.</summary>
internal sealed record SfItem(BareItem Value, IReadOnlyList<SfParameter> Parameters);
