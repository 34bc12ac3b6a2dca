using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;

namespace Sigilum.Sdk.Vault;

/// <summary>
/// Builds an <see cref="HttpClient"/> whose requests go through a Sigil Vault with the agent's proxy token,
/// trust only the vault's CA, and each carry a fresh attestation from the issuer. With dependency injection
/// use <c>services.AddHttpClient("name").AddSigilVault(o =&gt; …)</c> instead.
/// </summary>
/// <example>
/// <code>
/// using var identity = SigningIdentity.FromRecord(new IdentityStore().LoadIdentity("alice").Value!);
/// using var http = SigilVaultClient.Create(new SigilVaultOptions
/// {
///     ProxyUrl = new Uri("http://127.0.0.1:10255"),
///     ProxyToken = Environment.GetEnvironmentVariable("SIGIL_VAULT_TOKEN"),
///     CaCertificateFile = "vault-ca.pem",
///     IssuerUrl = new Uri("http://127.0.0.1:8787/"),
/// }, identity);
/// var models = await http.GetStringAsync("https://api.openai.com/v1/models");
/// </code>
/// </example>
public static class SigilVaultClient
{
    /// <summary>
    /// Creates the client. The caller keeps ownership of <paramref name="identity"/> (used to sign the issuer
    /// calls) and disposes it after the client. Throws <see cref="InvalidOperationException"/> for incomplete
    /// options or an unreadable CA file.
    /// </summary>
    public static HttpClient Create(SigilVaultOptions options, SigningIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        options.Validate();
        var primary = CreatePrimaryHandler(options);
        try
        {
            var handler = new SigilVaultAttestationHandler(options, CreateIssuerInvoker(options, identity)) { InnerHandler = primary };
            return new HttpClient(handler);
        }
        catch
        {
            primary.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The transport to the vault: a <see cref="SocketsHttpHandler"/> using <see cref="SigilVaultOptions.ProxyUrl"/>
    /// with the proxy token as Basic credentials, and server certificates validated against the vault CA only
    /// (custom root trust, no system roots, host name still checked).
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler(SigilVaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        X509Certificate2 ca;
        try
        {
            ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificateFile!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Cannot read the vault CA from {options.CaCertificateFile}: {ex.Message}", ex);
        }
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // The vault's leaves carry no revocation endpoints; its CA is local.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(ca);
        return new SocketsHttpHandler
        {
            UseProxy = true,
            Proxy = new WebProxy(options.ProxyUrl!) { Credentials = new NetworkCredential("agent", options.ProxyToken) },
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
        };
    }

    /// <summary>
    /// The signed transport for issuer calls. It never uses a proxy: under <c>sigil-vault run</c> the environment
    /// points HTTPS_PROXY at the vault, which has no route to the control plane.
    /// </summary>
    internal static HttpMessageInvoker CreateIssuerInvoker(SigilVaultOptions options, SigningIdentity identity) =>
        new(new SigilumSigningHandler(identity, new SigilumSigningOptions { TimeProvider = options.TimeProvider },
            new SocketsHttpHandler { UseProxy = false }), disposeHandler: true);
}
