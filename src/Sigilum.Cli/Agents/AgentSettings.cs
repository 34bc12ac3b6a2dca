namespace Sigilum.Cli.Agents;

/// <summary>Everything one <c>sigilum agent</c> run resolved from its options and environment, before any key is read.</summary>
internal sealed record AgentSettings
{
    public required string Namespace { get; init; }

    /// <summary>The gateway's base URL without a trailing slash.</summary>
    public required Uri GatewayUrl { get; init; }

    public required string KeyRoot { get; init; }

    public required AgentChoice Agent { get; init; }

    public required SubjectChoice Subject { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required bool Json { get; init; }

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> (which starts with '/') on the gateway.</summary>
    public Uri Url(string pathAndQuery) => new(GatewayUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery, UriKind.Absolute);
}
