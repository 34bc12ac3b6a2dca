using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

public sealed class ResponseStreamingTests
{
    // Guards against a hang if streaming breaks; the tests never wait on it when things work.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    private static async Task<string> ReadAtLeastAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Guard);
        return Encoding.UTF8.GetString(buffer);
    }

    [Fact]
    public async Task StatusAndEndToEndHeaders_AreCopied()
    {
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers["X-Upstream"] = "yes";
            await context.Response.WriteAsync("created");
        });

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("X-Upstream").Single());
        Assert.Equal("created", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServerSentEvents_ReachTheAgentAsTheyArrive()
    {
        using var next = new SemaphoreSlim(0);
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            for (var i = 1; i <= 3; i++)
            {
                await context.Response.WriteAsync($"data: {i}\n\n");
                await context.Response.Body.FlushAsync();
                await next.WaitAsync(context.RequestAborted);
            }
        });

        using var response = await harness.Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        // Each event is readable while the upstream is still blocked before writing the next one.
        Assert.Equal("data: 1\n\n", await ReadAtLeastAsync(stream, 9));
        next.Release();
        Assert.Equal("data: 2\n\n", await ReadAtLeastAsync(stream, 9));
        next.Release();
        Assert.Equal("data: 3\n\n", await ReadAtLeastAsync(stream, 9));
        next.Release();
    }

    [Fact]
    public async Task SecretEchoedInBodyAcrossChunks_IsRedacted()
    {
        using var next = new SemaphoreSlim(0);
        const string prefix = "you sent the key: ";
        var secret = ForwardingHarness.Secret;
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            await context.Response.WriteAsync(prefix + secret[..6]);
            await context.Response.Body.FlushAsync();
            await next.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync(secret[6..] + " thanks");
        });

        using var response = await harness.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        // The scrubber sends what cannot be part of the secret before the upstream's second chunk exists.
        var first = await ReadAtLeastAsync(stream, 1);
        next.Release();
        using var reader = new StreamReader(stream);
        var body = first + await reader.ReadToEndAsync().WaitAsync(Guard);

        Assert.Equal(prefix + EchoMarker.Gateway + " thanks", body);
        Assert.False(response.Content.Headers.ContentLength.HasValue);
    }

    [Fact]
    public async Task SecretEchoedInSmallFramedBody_RedactedWithScrubbedLengthDeclared()
    {
        var upstreamBody = Encoding.ASCII.GetBytes("{\"echo\":\"" + ForwardingHarness.Secret + "\"}");
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            context.Response.ContentLength = upstreamBody.Length;
            await context.Response.Body.WriteAsync(upstreamBody);
        });

        using var response = await harness.Client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("{\"echo\":\"" + EchoMarker.Gateway + "\"}", body);
        Assert.Equal(Encoding.ASCII.GetByteCount(body), response.Content.Headers.ContentLength);
        Assert.False(response.Headers.TransferEncodingChunked ?? false);
    }

    [Fact]
    public async Task SmallFramedBodyWithoutSecrets_KeepsUpstreamLength()
    {
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                context.Response.ContentLength = 5;
                await context.Response.WriteAsync("hello");
            },
            scrub: false);

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(("hello", 5L), (await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentLength));
    }

    [Fact]
    public async Task SecretEchoedInResponseHeader_IsRedacted()
    {
        await using var harness = await ForwardingHarness.StartAsync(context =>
        {
            context.Response.Headers["X-Echo"] = "key=" + ForwardingHarness.Secret;
            return Task.CompletedTask;
        });

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal("key=" + EchoMarker.Gateway, response.Headers.GetValues("X-Echo").Single());
    }

    [Fact]
    public async Task Redirect_IsReturnedNotFollowed()
    {
        await using var harness = await ForwardingHarness.StartAsync(context =>
        {
            context.Response.Redirect("http://attacker.example/steal");
            return Task.CompletedTask;
        });

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://attacker.example/steal", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task CompressedBody_PassesThroughUndecoded()
    {
        byte[] payload = [0x1f, 0x8b, 1, 2, 3, 4];
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                context.Response.Headers.ContentEncoding = "gzip";
                await context.Response.Body.WriteAsync(payload);
            },
            scrub: false);

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
    }
}
