using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sigilum.Sdk.Signing;
using Sigilum.Sdk.Vault;

// In the DI namespace, like AddSigilumSigning, so AddHttpClient(...).AddSigilVault() needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Routes an <see cref="IHttpClientBuilder"/>'s client through a Sigil Vault.</summary>
public static class SigilVaultHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends every request of this client through the vault at <see cref="SigilVaultOptions.ProxyUrl"/> with the
    /// agent's proxy token, trusting only the vault CA, and with a fresh attestation per request from
    /// <see cref="SigilVaultOptions.IssuerUrl"/>. Issuer calls are signed with the Sigilum identity of
    /// <see cref="SigilVaultOptions.Namespace"/> (read once per service provider). Invalid options throw
    /// <see cref="InvalidOperationException"/> when the first client is created; an issuer refusal throws
    /// <see cref="SigilVaultAuthorizationException"/> from the send.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddHttpClient("openai").AddSigilVault(o =>
    /// {
    ///     o.ProxyUrl = new Uri("http://127.0.0.1:10255");
    ///     o.ProxyToken = token;
    ///     o.CaCertificateFile = "vault-ca.pem";
    ///     o.IssuerUrl = new Uri("http://127.0.0.1:8787/");
    ///     o.Namespace = "alice";
    /// });
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddSigilVault(this IHttpClientBuilder builder, Action<SigilVaultOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SigilVaultOptions>(builder.Name).Configure(configure);
        builder.Services.TryAddSingleton<SigningIdentityCache>();
        SigilVaultOptions Options(IServiceProvider services) => services.GetRequiredService<IOptionsMonitor<SigilVaultOptions>>().Get(builder.Name);
        builder.ConfigurePrimaryHttpMessageHandler(services => SigilVaultClient.CreatePrimaryHandler(Options(services)));
        return builder.AddHttpMessageHandler(services =>
        {
            var options = Options(services);
            var identity = services.GetRequiredService<SigningIdentityCache>().Get(new SigilumSigningOptions
            {
                Namespace = options.Namespace,
                HomeDirectory = options.HomeDirectory,
            });
            return new SigilVaultAttestationHandler(options, SigilVaultClient.CreateIssuerInvoker(options, identity));
        });
    }
}
