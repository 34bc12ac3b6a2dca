namespace Sigilum.Core.Services;

/// <summary>
/// A service in a namespace (an upstream API such as OpenAI). The slug is unique per namespace, never
/// globally (spec §9: global slugs collided across owners). <see cref="UpstreamHosts"/> lets the
/// attestation issuer map an intent URL to the service that owns the host.
/// </summary>
public sealed record ServiceRecord
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> UpstreamHosts { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
