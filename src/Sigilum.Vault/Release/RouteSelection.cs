using Sigilum.Vault.Store;

namespace Sigilum.Vault.Release;

/// <summary>The routes that may serve a target (first one wins), or the refusal with its status and stable code.</summary>
internal sealed record RouteSelection(IReadOnlyList<RouteConfig> Routes, int Status, string? Code, string? Message)
{
    public bool IsAllowed => Code is null;

    public static RouteSelection Allow(IReadOnlyList<RouteConfig> routes) => new(routes, 200, null, null);

    public static RouteSelection Refuse(int status, string code, string message) => new([], status, code, message);
}
