namespace Sigilum.Core.Connections;

/// <summary>
/// One version of a connection's secret map, sealed (AES-256-GCM, associated data
/// <c>&lt;connection id&gt;:&lt;version&gt;</c>). Every version is kept until the connection is deleted.
/// </summary>
public sealed record ConnectionSecretRecord
{
    public required string ConnectionId { get; init; }

    public required int Version { get; init; }

    public required byte[] Sealed { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
