using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sigilum.VaultLoad;

/// <summary>
/// The shared HTTPS upstream: Kestrel, HTTP/1.1, a leaf for <c>localhost</c> from its own test CA (written as
/// PEM for the proxies and the squid client to trust). It answers a small JSON body and says whether a
/// credential arrived, so the run proves the vault injected one.
/// </summary>
internal static class Upstream
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var port = args.Int("port", 0);
        var dir = args.Required("cert-dir");
        Directory.CreateDirectory(dir);
        var (root, leaf) = CreateCertificates();
        await File.WriteAllTextAsync(Path.Combine(dir, "upstream-ca.pem"), root.ExportCertificatePem());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(leaf);
        }));
        var app = builder.Build();
        app.Run(context =>
        {
            var credential = context.Request.Headers.Authorization.Count > 0 ? "yes" : "no";
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"ok\":true,\"credential\":\"" + credential + "\"}");
        });
        await app.StartAsync();
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static (X509Certificate2 Root, X509Certificate2 Leaf) CreateCertificates()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=vault-load upstream CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var issued = leafRequest.Create(root, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(leafKey);
        return (X509CertificateLoader.LoadCertificate(root.Export(X509ContentType.Cert)),
            X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }
}
