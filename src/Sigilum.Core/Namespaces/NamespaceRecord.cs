namespace Sigilum.Core.Namespaces;

/// <summary>A namespace (<c>did:sigilum:&lt;name&gt;</c>) and the owner who decides for it.</summary>
public sealed record NamespaceRecord
{
    public required string Name { get; init; }

    public required string OwnerId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Did => "did:sigilum:" + Name;
}
