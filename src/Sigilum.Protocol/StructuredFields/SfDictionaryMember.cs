namespace Sigilum.Protocol.StructuredFields;

/// <summary>A dictionary member: exactly one of <see cref="Item"/> or <see cref="InnerList"/> is set.</summary>
internal sealed record SfDictionaryMember(string Key, SfItem? Item, SfInnerList? InnerList);
