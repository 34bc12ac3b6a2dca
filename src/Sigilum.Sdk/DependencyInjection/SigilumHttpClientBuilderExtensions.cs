using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sigilum.Sdk.Signing;

// The extension lives in the DI namespace, as ASP.NET Core's and YARP's do, so that
// AddHttpClient(...).AddSigilumSigning() is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Sigilum request signing to an <see cref="IHttpClientBuilder"/>.</summary>
public static class SigilumHttpClientBuilderExtensions
{
    /// <summary>
    /// Signs every request this client sends with the agent identity from the Sigilum home directory
    /// (<c>~/.sigilum/identities/&lt;namespace&gt;/identity.json</c>). The identity is read once, when the first
    /// client is created; a missing or invalid identity throws <see cref="InvalidOperationException"/> then,
    /// with the code and the fix in the message.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddHttpClient("gateway", c => c.BaseAddress = new Uri("http://127.0.0.1:38100/"))
    ///         .AddSigilumSigning(o => o.Namespace = "alice");
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddSigilumSigning(this IHttpClientBuilder builder, Action<SigilumSigningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SigilumSigningOptions>(builder.Name);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.Validate(o => o.MaxBodyBytes >= 0 && o.TimeProvider is not null,
            "SigilumSigningOptions.MaxBodyBytes must be non-negative and TimeProvider set.");
        builder.Services.TryAddSingleton<SigningIdentityCache>();
        return builder.AddHttpMessageHandler(services =>
        {
            var configured = services.GetRequiredService<IOptionsMonitor<SigilumSigningOptions>>().Get(builder.Name);
            var identity = services.GetRequiredService<SigningIdentityCache>().Get(configured);
            return new SigilumSigningHandler(identity, configured);
        });
    }
}
