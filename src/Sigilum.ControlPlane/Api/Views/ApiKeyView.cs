using Sigilum.Core.Services;

namespace Sigilum.ControlPlane.Api.Views;

/// <summary>A service API key without its secret (only the last four characters).</summary>
public sealed record ApiKeyView(string Id, string Name, string KeyPrefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ServiceApiKeyRecord k) => new(k.Id, k.Name, "…" + k.Last4, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
