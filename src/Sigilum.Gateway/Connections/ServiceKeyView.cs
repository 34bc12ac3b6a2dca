namespace Sigilum.Gateway.Connections;

/// <summary>
/// <c>GET /api/admin/service-api-keys/{id}</c>: whether a key is configured and a short prefix to recognise
/// it by (spec §3.1: first 8 characters + <c>...</c>; fewer for short keys so most of the key stays hidden).
/// <paramref name="Source"/> says where the effective key comes from: <c>env</c>, <c>store</c> or <c>default</c>.
/// </summary>
internal sealed record ServiceKeyView(string ConnectionId, bool HasKey, string? KeyPrefix, string? Source);
