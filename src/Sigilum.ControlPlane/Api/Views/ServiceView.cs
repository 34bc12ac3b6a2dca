using Sigilum.Core.Services;

namespace Sigilum.ControlPlane.Api.Views;

/// <summary>A service as the API shows it.</summary>
public sealed record ServiceView(string Id, string Namespace, string Slug, string Name, string? Description, IReadOnlyList<string> UpstreamHosts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ServiceView From(ServiceRecord s) => new(s.Id, s.Namespace, s.Slug, s.Name, s.Description, s.UpstreamHosts, s.CreatedAt, s.UpdatedAt);
}
