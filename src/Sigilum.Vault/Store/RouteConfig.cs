namespace Sigilum.Vault.Store;

/// <summary>
/// Binds an agent, a host pattern and a path glob to a backend secret and how it is injected
/// (<c>routes add</c>). <see cref="Query"/> and <see cref="Headers"/> may both be set. A route also
/// names the upstream's scheme and port (default https, 443; docs/decisions/0022): the credential
/// is released only to exactly that scheme and port of a matching host.
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
    DateTimeOffset CreatedAt)
{
    public const string Https = "https";
    public const string Http = "http";
    public const int DefaultPort = 443;

    /// <summary><c>https</c> (the default) or <c>http</c> (released only when the vault runs with the insecure switch).</summary>
    public string Scheme { get; init; } = Https;

    /// <summary>The upstream port the credential may go to (1-65535, default 443).</summary>
    public int Port { get; init; } = DefaultPort;

    public static bool IsValidScheme(string scheme) => scheme is Https or Http;

    public static bool IsValidPort(int port) => port is > 0 and <= 65535;
}
