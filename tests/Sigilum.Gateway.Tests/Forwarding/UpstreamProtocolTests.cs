using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Forwarding;

public sealed class UpstreamProtocolTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var created = request.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));
        // Re-import so Kestrel can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static Task Protocol(HttpContext context) => context.Response.WriteAsync(context.Request.Protocol);

    [Fact]
    public async Task PlainHttpUpstream_UsesHttp11()
    {
        await using var harness = await ForwardingHarness.StartAsync(Protocol);

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal("HTTP/1.1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TlsUpstreamOfferingHttp2_UsesHttp2()
    {
        using var certificate = SelfSigned();
        // Pin the one test certificate rather than switching validation off.
        var options = new ForwardingOptions
        {
            ServerCertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
        };
        await using var harness = await ForwardingHarness.StartTlsAsync(Protocol, certificate, options);

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TlsUpstreamWithUntrustedCertificate_502()
    {
        using var certificate = SelfSigned();
        await using var harness = await ForwardingHarness.StartTlsAsync(Protocol, certificate, new ForwardingOptions());

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ForwarderError.UpstreamUnreachable, await harness.Outcome);
    }
}
