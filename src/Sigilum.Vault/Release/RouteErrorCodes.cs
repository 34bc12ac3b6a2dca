using Sigilum.Protocol.Errors;

namespace Sigilum.Vault.Release;

/// <summary>Stable codes of route selection (docs/vault.md, docs/errors.md); the proxy returns them as they are.</summary>
internal static class RouteErrorCodes
{
    /// <summary>No route of this agent for the host (or, per request, for the host and path).</summary>
    public const string NoRoute = ErrorCatalogue.NoRoute;

    /// <summary>A plain-http upstream: the vault runs without the insecure switch, or no route for the host says http.</summary>
    public const string PlainHttpRefused = ErrorCatalogue.PlainHttpRefused;

    /// <summary>An https (CONNECT) target whose host is routed only for plain http.</summary>
    public const string SchemeMismatch = ErrorCatalogue.RouteSchemeMismatch;

    /// <summary>The host is routed, but not for this port.</summary>
    public const string PortMismatch = ErrorCatalogue.RoutePortMismatch;
}
