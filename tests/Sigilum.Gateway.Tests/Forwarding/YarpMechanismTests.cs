using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

/// <summary>What moving onto YARP's forwarder brought (trailers, the activity timeout) and what it must not (upgrades), ADR 0049.</summary>
public sealed class YarpMechanismTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PRX_18_UpstreamTrailers_ReachTheAgentWithEchoesRedacted()
    {
        using var certificate = SelfSigned();
        var options = new ForwardingOptions
        {
            ServerCertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
        };
        await using var harness = await ForwardingHarness.StartTlsAsync(
            async context =>
            {
                await context.Response.WriteAsync("body");
                context.Response.AppendTrailer("grpc-status", "0");
                context.Response.AppendTrailer("x-echo", "got " + ForwardingHarness.Secret);
            },
            certificate,
            options,
            http2Front: true);

        using var response = await harness.Client.GetAsync("/");
        Assert.Equal("body", await response.Content.ReadAsStringAsync());

        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("got " + EchoMarker.Gateway, response.TrailingHeaders.GetValues("x-echo").Single());
    }

    [Fact]
    public async Task AgentAcceptsTrailers_UpstreamIsToldSoAndNoOtherTeValue()
    {
        await using var harness = await ForwardingHarness.StartAsync(context => context.Response.WriteAsync(context.Request.Headers.TE.ToString()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("TE", "gzip, trailers");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal("trailers", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebSocketUpgradeRequest_ForwardedAsAPlainRequestNeverUpgraded()
    {
        await using var harness = await ForwardingHarness.StartAsync(context =>
        {
            var upgradable = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
            return context.Response.WriteAsync($"upgradable={upgradable} upgrade={context.Request.Headers.Upgrade}");
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("upgradable=False upgrade=", await response.Content.ReadAsStringAsync());
        Assert.Equal(ForwarderError.None, await harness.Outcome.WaitAsync(Guard));
    }

    [Fact]
    public async Task UpstreamSwitchesProtocolsUnasked_502UpstreamErrorNoTunnel()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var upstream = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var seen = new StringBuilder();
            while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    return;
                }
                seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            await stream.WriteAsync("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"u8.ToArray());
            // Hold the connection until the gateway drops it.
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });
        await using var harness = await ForwardingHarness.StartAsync(null, new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("UPSTREAM_ERROR", response.Headers.GetValues("X-Sigilum-Code").Single());
        Assert.Equal(ForwarderError.UpstreamUnreachable, await harness.Outcome.WaitAsync(Guard));
        listener.Stop();
        await upstream.WaitAsync(Guard);
    }

    [Fact]
    public async Task PRX_16_StreamStalledPastActivityTimeout_AgentConnectionAborted()
    {
        // YARP's activity timer runs on the system clock (no TimeProvider): five seconds keeps the test short without a
        // sleep, yet long enough that a loaded machine (load 80, tests in parallel) still delivers the first event first.
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                await context.Response.WriteAsync("data: 1\n\n");
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            },
            new ForwardingOptions { ActivityTimeout = TimeSpan.FromSeconds(5) });

        using var response = await harness.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null).WaitAsync(Guard));
        Assert.Equal(ForwarderError.UpstreamResponseAborted, await harness.Outcome.WaitAsync(Guard));
    }

    [Fact]
    public async Task StreamedBodyOverLimit_413KeepsTheRequestIdYarpClears()
    {
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                await reader.ReadToEndAsync(context.RequestAborted);
            },
            new ForwardingOptions { MaxRequestBodyBytes = 10 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StreamContent(new MemoryStream(new byte[100])) };
        request.Headers.Add(RequestIdMiddleware.HeaderName, "req-kept");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("req-kept", response.Headers.GetValues(RequestIdMiddleware.HeaderName).Single());
        Assert.Contains("\"request_id\":\"req-kept\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

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
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
