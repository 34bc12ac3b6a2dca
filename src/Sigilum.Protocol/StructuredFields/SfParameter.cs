namespace Sigilum.Protocol.StructuredFields;

/// <summary>One parameter (<c>;key=value</c>) of an item or inner list.</summary>
internal sealed record SfParameter(string Key, BareItem Value);
