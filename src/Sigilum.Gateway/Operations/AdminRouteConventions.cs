using Microsoft.AspNetCore.Builder;

namespace Sigilum.Gateway.Operations;

/// <summary>Marks admin routes for the gate (ADR 0020).</summary>
internal static class AdminRouteConventions
{
    /// <summary>A loopback client may GET this route without the admin token (it must hold no secret material).</summary>
    public static TBuilder ReadableFromLoopback<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(LoopbackReadable.Instance);
    }
}
