using Sigilum.ControlPlane.Owners;
using Sigilum.ControlPlane.ServiceKeys;

namespace Sigilum.ControlPlane.Api;

/// <summary><c>.RequireOwner()</c> / <c>.RequireServiceKey()</c> on endpoints, and accessors inside them.</summary>
internal static class EndpointAuthExtensions
{
    public static TBuilder RequireOwner<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(e => e.Metadata.Add(RequireOwnerMetadata.Instance));
        return builder;
    }

    public static TBuilder RequireServiceKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(e => e.Metadata.Add(RequireServiceKeyMetadata.Instance));
        return builder;
    }

    public static OwnerContext GetOwner(this HttpContext context) =>
        OwnerAuthentication.Get(context) ?? throw new InvalidOperationException("This endpoint is not marked RequireOwner().");

    public static ServiceKeyContext GetServiceKey(this HttpContext context) =>
        ServiceKeyAuthentication.Get(context) ?? throw new InvalidOperationException("This endpoint is not marked RequireServiceKey().");
}
