using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>Streams after the budget (docs/decisions/0009) and plain-HTTP (absolute-form) proxying.</summary>
public sealed class StreamingAndPlainHttpTests
{
    [Fact]
    public async Task PRX_16_StreamSilentLongerThanIdleTimeout_ConnectionAbortedAndOutcomeRecorded()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { StreamIdleTimeout = TimeSpan.FromSeconds(1) });
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/stall"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("first", await body.ReadLineAsync());

        await Assert.ThrowsAnyAsync<IOException>(() => body.ReadToEndAsync());

        await harness.Host.DisposeAsync();
        var log = await File.ReadAllTextAsync(AuditFiles.LogPath(harness.Paths));
        Assert.Contains("\"outcome\":\"stream_idle_timeout\"", log, StringComparison.Ordinal);
        harness.MarkStopped();
    }

    [Fact]
    public async Task PlainHttp_RouteSaysHttpAndInsecureSwitchOn_GatedAndInjected()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { InsecureAllowPlainHttpUpstreams = true });
        await using var plain = await PlainUpstream.StartAsync();
        await harness.Store.AddRouteAsync(new RouteConfig("rt_plain", harness.AgentId, "plain.upstream.test", "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Scheme = RouteConfig.Http, Port = plain.Port });
        var url = $"http://plain.upstream.test:{plain.Port}/p?q=1";
        var client = harness.CreateClient();

        using var refused = await client.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", harness.Attest("GET", url));
        using var accepted = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ATTESTATION_MISSING", refused.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Bearer " + VaultHarness.Secret, Assert.Single(plain.Authorizations));
    }

    [Fact]
    public async Task PlainHttp_SecondRequestPipelinedOnTheConnection_NotServedConnectionClosed()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { InsecureAllowPlainHttpUpstreams = true });
        await using var plain = await PlainUpstream.StartAsync();
        await harness.Store.AddRouteAsync(new RouteConfig("rt_plain", harness.AgentId, "plain.upstream.test", "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Scheme = RouteConfig.Http, Port = plain.Port });
        var authority = $"plain.upstream.test:{plain.Port}";
        var first = $"http://{authority}/one";
        var second = $"http://{authority}/two";
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        // Admitted (token, route, egress) from its first head only: Kestrel serves that one request and closes, so
        // the second, pipelined behind it, is never served on the first one's admission.
        await raw.SendAsync($"GET {first} HTTP/1.1\r\nHost: {authority}\r\n{RawProxyClient.Basic(harness.Token)}X-Sigil-Attestation: {harness.Attest("GET", first)}\r\n\r\n" +
            $"GET {second} HTTP/1.1\r\nHost: {authority}\r\n{RawProxyClient.Basic(harness.Token)}X-Sigil-Attestation: {harness.Attest("GET", second)}\r\n\r\n");
        var responses = await raw.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 ", responses, StringComparison.Ordinal);
        Assert.Contains("Connection: close", responses, StringComparison.OrdinalIgnoreCase);
        Assert.Single(plain.Authorizations);
        Assert.Equal(1, responses.Split("HTTP/1.1 ").Length - 1);
    }

    private sealed class PlainUpstream(WebApplication app, int port) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public System.Collections.Concurrent.ConcurrentQueue<string> Authorizations { get; } = new();

        public static async Task<PlainUpstream> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            PlainUpstream? self = null;
            app.Run(context =>
            {
                self!.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
                return context.Response.WriteAsync("plain ok");
            });
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            self = new PlainUpstream(app, address.Port);
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
