using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Forwarding;

public sealed class RequestForwardingTests
{
    private static async Task EchoHeaderNames(HttpContext context)
    {
        var names = string.Join("\n", context.Request.Headers.Select(h => h.Key.ToLowerInvariant() + ": " + h.Value));
        await context.Response.WriteAsync(names);
    }

    private static Dictionary<string, string> ParseHeaders(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    [Fact]
    public async Task Post_MethodPathQueryAndBody_ReachUpstream()
    {
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {body}");
        });

        using var response = await harness.Client.PostAsync("/v1/items?b=2&a=1", new StringContent("hello upstream"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST /v1/items?b=2&a=1 hello upstream", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InjectedAuthorization_ReplacesAgentCredentials()
    {
        await using var harness = await ForwardingHarness.StartAsync(EchoHeaderNames, scrub: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "agent-own-token");
        request.Headers.Add("X-Api-Key", "agent-own-key");

        using var response = await harness.Client.SendAsync(request);
        var seen = ParseHeaders(await response.Content.ReadAsStringAsync());

        Assert.Equal("Bearer " + ForwardingHarness.Secret, seen["authorization"]);
        Assert.False(seen.ContainsKey("x-api-key"));
    }

    [Fact]
    public async Task InjectedCustomHeader_ReplacesTheAgentsValueNeverAppends()
    {
        await using var harness = await ForwardingHarness.StartAsync(
            context => context.Response.WriteAsync(string.Join("|", context.Request.Headers["X-Service-Key"].ToArray())),
            scrub: false,
            injectedHeader: "X-Service-Key");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("x-service-key", ["agent-1", "agent-2"]);

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(ForwardingHarness.Secret, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SigilumForwardedAndHopByHopHeaders_AreStripped()
    {
        await using var harness = await ForwardingHarness.StartAsync(EchoHeaderNames);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Signature", "sig1=:abc:");
        request.Headers.Add("Signature-Input", "sig1=(\"@method\")");
        request.Headers.Add("Content-Digest", "sha-256=:abc:");
        request.Headers.Add("Sigilum-Namespace", "alice");
        request.Headers.Add("Sigilum-Agent-Key", "ed25519:abc");
        request.Headers.Add("X-Forwarded-For", "10.0.0.1");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "for=10.0.0.1");
        request.Headers.Add("Proxy-Authorization", "Basic abc");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Connection.Add("X-Named-Hop");
        request.Headers.Add("X-Named-Hop", "1");
        request.Headers.Add("X-Kept", "yes");

        using var response = await harness.Client.SendAsync(request);
        var seen = ParseHeaders(await response.Content.ReadAsStringAsync());

        foreach (var stripped in new[]
        {
            "signature", "signature-input", "content-digest", "sigilum-namespace", "sigilum-agent-key",
            "x-forwarded-for", "x-forwarded-host", "forwarded", "proxy-authorization", "keep-alive", "x-named-hop",
        })
        {
            Assert.False(seen.ContainsKey(stripped), stripped);
        }
        Assert.Equal("yes", seen["x-kept"]);
    }

    [Fact]
    public async Task Host_IsTheUpstreamAuthority()
    {
        Uri? upstream = null;
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            upstream = new Uri("http://" + context.Request.Host.Value);
            await context.Response.WriteAsync(context.Request.Host.Value ?? "");
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "agent-chosen.example";

        using var response = await harness.Client.SendAsync(request);

        Assert.DoesNotContain("agent-chosen", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", upstream!.Host);
    }

    [Fact]
    public async Task DeclaredBodyOverLimit_413BeforeUpstreamIsCalled()
    {
        var calls = 0;
        await using var harness = await ForwardingHarness.StartAsync(
            context =>
            {
                Interlocked.Increment(ref calls);
                return Task.CompletedTask;
            },
            new ForwardingOptions { MaxRequestBodyBytes = 10 });

        using var response = await harness.Client.PostAsync("/", new ByteArrayContent(new byte[11]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_BODY_TOO_LARGE", response.Headers.GetValues("X-Sigilum-Code").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task StreamedBodyOverLimit_413()
    {
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                await reader.ReadToEndAsync(context.RequestAborted);
            },
            new ForwardingOptions { MaxRequestBodyBytes = 10 });
        // No length: the client sends it chunked, so only the streamed count can catch it.
        using var content = new StreamContent(new MemoryStream(new byte[100]));

        using var response = await harness.Client.PostAsync("/", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ForwarderError.RequestBodyTooLarge, await harness.Outcome);
    }

    [Fact]
    public async Task BodyAtLimit_IsForwarded()
    {
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                await context.Response.WriteAsync((await reader.ReadToEndAsync()).Length.ToString());
            },
            new ForwardingOptions { MaxRequestBodyBytes = 10 });

        using var response = await harness.Client.PostAsync("/", new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("0123456789"))));

        Assert.Equal("10", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MEM_01_AfterSuccess_CredentialBuffersAreZeroed()
    {
        await using var harness = await ForwardingHarness.StartAsync(context => context.Response.WriteAsync("ok"));

        using var response = await harness.Client.GetAsync("/");
        await harness.Outcome;

        Assert.All(harness.LastDecision!.Headers, h => Assert.All(h.Value, b => Assert.Equal(0, b)));
        Assert.All(harness.LastDecision.Secrets, s => Assert.All(s, b => Assert.Equal(0, b)));
    }
}
