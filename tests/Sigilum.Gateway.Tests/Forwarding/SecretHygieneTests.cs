using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sigilum.Core.Secrets;
using Sigilum.Gateway.Proxy;
using Sigilum.Testing;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// The gateway's half of reliability PRX-18 (every spelling of an echoed credential redacted, streamed
/// too), MEM-01 (credential buffers zero on every path) and MEM-02 (no string made from secret bytes).
/// </summary>
public sealed class SecretHygieneTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    private static string Secret => EchoSpellings.AwkwardSecret;

    private static void AssertZeroed(ForwardingDecision decision)
    {
        Assert.All(decision.Headers, h => Assert.All(h.Value, b => Assert.Equal(0, b)));
        Assert.All(decision.Secrets, s => Assert.All(s, b => Assert.Equal(0, b)));
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public async Task PRX_18_UpstreamEchoesCredentialInBody_EverySpellingRedacted(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, Secret);
        await using var harness = await ForwardingHarness.StartWithSecretAsync(context => context.Response.WriteAsync("{\"you_sent\":\"" + echoed + "\"}"), Secret);

        using var response = await harness.Client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(echoed, body, StringComparison.Ordinal);
        Assert.Contains(EchoMarker.Gateway, body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public async Task PRX_18_UpstreamEchoesCredentialInHeader_EverySpellingRedacted(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, Secret);
        await using var harness = await ForwardingHarness.StartWithSecretAsync(context =>
        {
            context.Response.Headers["X-Echo"] = "got " + echoed;
            return Task.CompletedTask;
        }, Secret);

        using var response = await harness.Client.GetAsync("/");
        var header = response.Headers.GetValues("X-Echo").Single();

        Assert.DoesNotContain(echoed, header, StringComparison.Ordinal);
        Assert.Contains(EchoMarker.Gateway, header, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public async Task PRX_18_SpellingsSharedAcrossRequests_EverySpellingRedactedInBodyAndHeaderEveryTime(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, Secret);
        using var shared = new SecretSpellings([Encoding.UTF8.GetBytes(Secret)], EchoMarker.Gateway);
        await using var harness = await ForwardingHarness.StartWithSharedSpellingsAsync(context =>
        {
            context.Response.Headers["X-Echo"] = "got " + echoed;
            return context.Response.WriteAsync("{\"you_sent\":\"" + echoed + "\"}");
        }, Secret, shared);

        for (var request = 0; request < 2; request++)
        {
            using var response = await harness.Client.GetAsync("/");
            var body = await response.Content.ReadAsStringAsync();
            var header = response.Headers.GetValues("X-Echo").Single();

            Assert.DoesNotContain(echoed, body, StringComparison.Ordinal);
            Assert.Contains(EchoMarker.Gateway, body, StringComparison.Ordinal);
            Assert.DoesNotContain(echoed, header, StringComparison.Ordinal);
            Assert.Contains(EchoMarker.Gateway, header, StringComparison.Ordinal);
        }
        // The engine zeroes what the request owned; the shared spellings are their owner's to release.
        Assert.False(shared.IsZeroed);
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public async Task PRX_18_EchoSplitAcrossTwoStreamedChunks_EverySpellingRedacted(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, Secret);
        using var next = new SemaphoreSlim(0);
        await using var harness = await ForwardingHarness.StartWithSecretAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: " + echoed[..(echoed.Length / 2)]);
            await context.Response.Body.FlushAsync();
            await next.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync(echoed[(echoed.Length / 2)..] + "\n\n");
        }, Secret);

        using var response = await harness.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        // "d" cannot start any spelling of the secret, so it is released before the second chunk exists.
        var first = new byte[1];
        await stream.ReadExactlyAsync(first).AsTask().WaitAsync(Guard);
        next.Release();
        using var reader = new StreamReader(stream);
        var body = "d" + await reader.ReadToEndAsync().WaitAsync(Guard);

        Assert.DoesNotContain(echoed, body, StringComparison.Ordinal);
        Assert.StartsWith("data: ", body, StringComparison.Ordinal);
        Assert.Contains(EchoMarker.Gateway, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MEM_01_AfterUpstreamError_CredentialBuffersAreZeroed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        await using var harness = await ForwardingHarness.StartAsync(null, closed);

        using var response = await harness.Client.GetAsync("/");

        Assert.Equal(ForwarderError.UpstreamUnreachable, await harness.Outcome.WaitAsync(Guard));
        AssertZeroed(harness.LastDecision!);
    }

    [Fact]
    public async Task MEM_01_AfterClientCancellation_CredentialBuffersAreZeroed()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var cts = new CancellationTokenSource();

        var call = harness.Client.GetAsync("/", cts.Token);
        await arrived.Task.WaitAsync(Guard);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(ForwarderError.ClientAborted, await harness.Outcome.WaitAsync(Guard));
        AssertZeroed(harness.LastDecision!);
    }

    [Fact]
    public async Task MEM_01_AfterUpstreamTimeout_CredentialBuffersAreZeroed()
    {
        var time = new ManualTimeProvider();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                arrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            },
            new ForwardingOptions { ResponseHeadersTimeout = TimeSpan.FromSeconds(30) },
            time);

        var call = harness.Client.GetAsync("/");
        await arrived.Task.WaitAsync(Guard);
        time.Advance(TimeSpan.FromSeconds(31));
        using var response = await call.WaitAsync(Guard);

        Assert.Equal(ForwarderError.UpstreamTimeout, await harness.Outcome.WaitAsync(Guard));
        AssertZeroed(harness.LastDecision!);
    }

    [Fact]
    public void MEM_02_ReleasePath_NeverDecodesSecretBytesIntoAString()
    {
        // The gateway's release path: the forwarder, its transformer (where the injected value is placed), the
        // injected-value encoding, header rules, the request body counter, the scrubbing response body, the outcome
        // mapping and the upstream target. A decode (Encoding.GetString/GetChars), a base64/hex string or a string
        // constructor anywhere in them fails this test.
        Type[] releasePath =
        [
            typeof(HttpForwarder), typeof(ForwardingTransformer), typeof(InjectedValueEncoding), typeof(HeaderRules), typeof(LimitedRequestBody),
            typeof(ScrubbingResponseBody), typeof(ForwardingOutcome), typeof(UpstreamTarget),
        ];

        var banned = releasePath.SelectMany(IlCalls.CalledBy).Where(c => IsBanned(c.Called)).Select(c => $"{c.Caller} → {c.Called.DeclaringType?.Name}.{c.Called.Name}").ToList();

        Assert.Empty(banned);
    }

    [Fact]
    public void MEM_02_BannedApiScan_FindsADecodeWhenThereIsOne()
    {
        // The scan itself must see through async state machines and lambdas, or the test above proves nothing.
        var found = IlCalls.CalledBy(typeof(Decoder)).Where(c => IsBanned(c.Called)).Select(c => c.Called.Name).ToList();

        Assert.Contains("GetString", found);
        Assert.Contains("ToBase64String", found);
    }

    [Fact]
    public async Task MEM_02_InjectedHeaderOverHttp2_ArrivesByteExact()
    {
        using var certificate = SelfSigned();
        var options = new ForwardingOptions
        {
            ServerCertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
        };
        await using var harness = await ForwardingHarness.StartTlsAsync(
            context => context.Response.WriteAsync(context.Request.Protocol + " " + context.Request.Headers.Authorization), certificate, options);

        using var response = await harness.Client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The body echoes the secret, so the scrubber redacts it: the marker proves the exact bytes arrived.
        Assert.Equal("HTTP/2 Bearer " + EchoMarker.Gateway, body);
    }

    [Fact]
    public void MEM_02_InjectedValueEncoding_WritesTheBytesForThePlaceholderOnly()
    {
        var value = Encoding.ASCII.GetBytes("Bearer " + Secret);
        var encoding = new InjectedValueEncoding(value);
        var buffer = new byte[encoding.GetMaxByteCount(encoding.Placeholder.Length)];

        var written = encoding.GetBytes(encoding.Placeholder.AsSpan(), buffer);

        Assert.DoesNotContain(Secret, encoding.Placeholder, StringComparison.Ordinal);
        Assert.Equal(value, buffer[..written]);
        Assert.Equal(value.Length, encoding.GetByteCount(encoding.Placeholder));
        Assert.Equal("other"u8.ToArray(), encoding.GetBytes("other"));
        Assert.Throws<NotSupportedException>(() => encoding.GetString(value));
    }

    private static bool IsBanned(MethodBase called)
    {
        var type = called.DeclaringType;
        if (type is null)
        {
            return false;
        }
        if (typeof(Encoding).IsAssignableFrom(type) && called.Name is "GetString" or "GetChars")
        {
            return true;
        }
        if (type == typeof(Convert) && called.Name.StartsWith("To", StringComparison.Ordinal) && called.Name.EndsWith("String", StringComparison.Ordinal))
        {
            return true;
        }
        // new string('*', n) (the placeholder) is fine; a string built from chars, a pointer or a span is not.
        return type == typeof(string) && ((called is ConstructorInfo ctor && !IsRepeatedChar(ctor)) || called.Name == "Create");
    }

    private static bool IsRepeatedChar(ConstructorInfo ctor) =>
        ctor.GetParameters() is [{ ParameterType: var first }, { ParameterType: var second }] && first == typeof(char) && second == typeof(int);

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

    /// <summary>A deliberate offender for the scan's self-test: decodes inside an async method and a lambda.</summary>
    private static class Decoder
    {
        public static async Task<string> DecodeAsync(byte[] secret)
        {
            await Task.Yield();
            return Encoding.UTF8.GetString(secret);
        }

        public static Func<byte[], string> Base64 => secret => Convert.ToBase64String(secret);
    }
}
