namespace Sigilum.Core.Connections;

/// <summary>
/// The control-plane service API key a gateway presents for one connection id (spec §3.5), set through
/// the admin API and sealed with associated data <c>svckey:&lt;connection id&gt;</c>.
/// </summary>
public sealed record ServiceKeyRecord
{
    public required string ConnectionId { get; init; }

    public required byte[] SealedKey { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
