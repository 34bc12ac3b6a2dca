namespace Sigilum.Vault.Store;

/// <summary>
/// Binds an agent, a host pattern and a path glob to a backend secret and how it is injected
/// (<c>routes add</c>). <see cref="Query"/> and <see cref="Headers"/> may both be set.
/// </summary>
internal sealed record RouteConfig(
    string Id,
    string AgentId,
    string HostPattern,
    string PathGlob,
    string Backend,
    string SecretRef,
    IReadOnlyList<HeaderTemplate> Headers,
    HeaderTemplate? Query,
    bool AllowPrivateNetwork,
    DateTimeOffset CreatedAt);
