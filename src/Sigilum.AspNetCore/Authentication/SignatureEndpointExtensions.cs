using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sigilum.AspNetCore.Authentication;

/// <summary><c>.RequireSigilumSignature()</c> on endpoints and groups; <c>.GetSignedCaller()</c> inside them.</summary>
public static class SignatureEndpointExtensions
{
    public static TBuilder RequireSigilumSignature<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint => endpoint.Metadata.Add(RequireSignatureMetadata.Instance));
        return builder;
    }

    /// <summary>The verified signer; throws if the endpoint was not marked (a programming error).</summary>
    public static SignedCaller GetSignedCaller(this HttpContext context) =>
        SignedRequestAuthenticator.GetCaller(context) ?? throw new InvalidOperationException("This endpoint is not marked RequireSigilumSignature().");
}
