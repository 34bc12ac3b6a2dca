using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Audit;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// The gateway as users run it: a real control plane, a real gateway host, a real upstream, agents signing with our
/// SDK. Covers the seed's loop (unapproved → claim → approve → 200 with the secret injected and never shown → revoke
/// → denied) and the properties only the composed host has.
/// </summary>
public sealed class GatewayHostTests : IAsyncLifetime
{
    private readonly List<string?> _upstreamAuthorization = [];
    private GatewayStack _stack = null!;

    public async Task InitializeAsync() => _stack = await GatewayStack.StartAsync(EchoAsync);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Proxy_FullLoop_ClaimApproveForwardRevoke()
    {
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);

        using var first = await client.GetAsync("proxy/echo/v1/models?limit=2");
        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        Assert.Equal("text/markdown", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sigilum verified your signature", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_upstreamAuthorization);

        var claimId = await _stack.ApprovePendingAsync(agent);
        using var approved = await RetryUntilAsync(client, "proxy/echo/v1/models?limit=2", HttpStatusCode.OK);
        var body = await approved.Content.ReadAsStringAsync();
        Assert.Equal("Bearer " + GatewayStack.Secret, Assert.Single(_upstreamAuthorization));
        Assert.Contains("/v1/models?limit=2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayStack.Secret, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:sigilum]", body, StringComparison.Ordinal);

        var revoked = await _stack.ControlPlane.RevokeAsync(_stack.OwnerToken, claimId);
        // ADR 0027: the revoke is answered once this gateway confirmed it applied it, so the very next request is refused.
        Assert.Equal(1, revoked.GetProperty("propagation").GetProperty("acknowledged").GetInt32());
        var clock = Stopwatch.StartNew();
        using var denied = await client.GetAsync("proxy/echo/v1/models");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        // DESIGN §4: a revocation is pushed and denies the next request within 1 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"revocation took {clock.Elapsed}");
        Assert.Single(_upstreamAuthorization);
    }

    [Fact]
    public async Task Proxy_AgentAuthorizationHeader_OverwrittenBySecret()
    {
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (await client.GetAsync("proxy/echo/x"))
        {
        }
        await _stack.ApprovePendingAsync(agent);

        using var request = new HttpRequestMessage(HttpMethod.Get, "proxy/echo/x");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer agent-own-token");
        using var response = await SendUntilAsync(client, () => Clone(request), HttpStatusCode.OK);

        Assert.Equal("Bearer " + GatewayStack.Secret, _upstreamAuthorization[^1]);
    }

    [Fact]
    public async Task Proxy_Unsigned_SignatureInvalidEnvelope()
    {
        using var plain = _stack.AdminClient();

        using var response = await plain.GetAsync("proxy/echo/x");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AUTH_SIGNATURE_INVALID", error.GetProperty("code").GetString());
        foreach (var member in new[] { "error", "request_id", "timestamp", "docs_url" })
        {
            Assert.True(error.TryGetProperty(member, out _), member);
        }
        Assert.Empty(_upstreamAuthorization);
    }

    [Fact]
    public async Task Proxy_BodyOverLimit_413BeforeAnythingElse()
    {
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent, maxBodyBytes: 4 * 1024 * 1024);

        using var response = await client.PostAsync("proxy/echo/upload", new ByteArrayContent(new byte[(2 * 1024 * 1024) + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_BODY_TOO_LARGE", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Proxy_UnknownConnection_404AfterApproval()
    {
        // A service the owner registered and approved, but whose connection was never added to this gateway.
        var agent = _stack.NewAgent();
        var ghostKey = await _stack.ControlPlane.CreateServiceAsync(_stack.OwnerToken, GatewayStack.Namespace, "ghost");
        var claimId = await _stack.ControlPlane.SubmitClaimAsync(agent, ghostKey, "ghost");
        await _stack.ControlPlane.ApproveAsync(_stack.OwnerToken, claimId);
        using var client = _stack.AgentClient(agent);

        // Approval is checked first: whether a connection exists is only revealed to an approved agent.
        using var response = await SendUntilAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "proxy/ghost/x"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RPL_08_ReplayAfterGatewayRestart_Refused()
    {
        var agent = _stack.NewAgent();
        using var signer = new HttpClient(new Sdk.Signing.SigilumSigningHandler(agent, new Sdk.Signing.SigilumSigningOptions(), new CapturingHandler(out var captured)));
        await signer.GetAsync(new Uri(_stack.GatewayUri, "proxy/echo/replayed"));
        var signedHeaders = captured();

        using var plain = _stack.AdminClient();
        string? firstContentType;
        using (var once = Replay(signedHeaders))
        using (var firstAnswer = await plain.SendAsync(once))
        {
            Assert.Equal(HttpStatusCode.Forbidden, firstAnswer.StatusCode);
            firstContentType = firstAnswer.Content.Headers.ContentType?.MediaType;
        }
        var port = _stack.GatewayUri.Port;
        await _stack.StopGatewayAsync();
        await _stack.StartGatewayAsync(options => options.Urls = $"http://127.0.0.1:{port}");

        using var again = Replay(signedHeaders);
        using var response = await plain.SendAsync(again);

        // The restarted gateway keeps nonces in memory (ADR 0026): the replay is refused by its start epoch.
        Assert.Equal("AUTH_REPLAY_DETECTED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // A request signed after the restart is not a replay: it meets the same check the first copy met.
        using var freshSigner = new HttpClient(new Sdk.Signing.SigilumSigningHandler(agent, new Sdk.Signing.SigilumSigningOptions(), new CapturingHandler(out var capturedFresh)));
        await freshSigner.GetAsync(new Uri(_stack.GatewayUri, "proxy/echo/replayed"));
        using var fresh = Replay(capturedFresh());
        using var freshAnswer = await plain.SendAsync(fresh);
        Assert.Equal((HttpStatusCode.Forbidden, firstContentType), (freshAnswer.StatusCode, freshAnswer.Content.Headers.ContentType?.MediaType));
        Assert.DoesNotContain("AUTH_REPLAY_DETECTED", await freshAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpRequestMessage Replay(IReadOnlyList<KeyValuePair<string, string>> headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_stack.GatewayUri, "proxy/echo/replayed"));
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            return request;
        }
    }

    [Fact]
    public async Task Proxy_ApprovedRequest_AuditChainHasReleaseThenOutcome()
    {
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (await client.GetAsync("proxy/echo/audited?token=abc"))
        {
        }
        await _stack.ApprovePendingAsync(agent);
        using (await RetryUntilAsync(client, "proxy/echo/audited?token=abc", HttpStatusCode.OK))
        {
        }

        // The client can hold the whole response before the pipeline appends the outcome, and the outcome rides the
        // next group commit (ADR 0031): flush until it is on disk. The live file ends in preallocated zeros.
        var trail = _stack.Gateway.Services.GetRequiredService<GatewayAuditTrail>();
        var path = Path.Combine(_stack.DataDirectory, "audit", "audit.jsonl");
        var waited = Stopwatch.StartNew();
        string[] lines;
        while (true)
        {
            await trail.FlushAsync();
            lines = ReadLiveLines(path);
            if (lines.Any(line => line.Contains("\"gateway.outcome\"", StringComparison.Ordinal)) || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
        var records = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["gateway.release", "gateway.outcome"], records.Select(r => r.GetProperty("type").GetString()).TakeLast(2));
        Assert.All(lines, line => Assert.DoesNotContain("token=abc", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain(GatewayStack.Secret, line, StringComparison.Ordinal));
        Assert.True(Protocol.Audit.AuditChainVerifier.Verify(lines).Valid);
    }

    [Fact]
    public async Task Store_SecretNeverInPlaintextOnDisk()
    {
        var files = Directory.EnumerateFiles(_stack.DataDirectory, "*", SearchOption.AllDirectories);

        // The audit lock file is held open exclusively while the gateway runs and holds no data.
        foreach (var file in files.Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            var bytes = copy.ToArray();
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(GatewayStack.Secret)) < 0, file);
        }
    }

    private async Task EchoAsync(HttpContext context)
    {
        lock (_upstreamAuthorization)
        {
            _upstreamAuthorization.Add(context.Request.Headers.Authorization.ToString() is { Length: > 0 } value ? value : null);
        }
        await context.Response.WriteAsJsonAsync(new
        {
            path = context.Request.Path + context.Request.QueryString,
            authorization = context.Request.Headers.Authorization.ToString(),
        });
    }

    /// <summary>The approval reaches the gateway by push; retry briefly until it has.</summary>
    private static string[] ReadLiveLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Where(line => line.TrimEnd('\0').Length > 0).ToArray();
    }

    private static Task<HttpResponseMessage> RetryUntilAsync(HttpClient client, string path, HttpStatusCode expected) =>
        SendUntilAsync(client, () => new HttpRequestMessage(HttpMethod.Get, path), expected);

    private static async Task<HttpResponseMessage> SendUntilAsync(HttpClient client, Func<HttpRequestMessage> build, HttpStatusCode expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            var response = await client.SendAsync(request);
            if (response.StatusCode == expected || attempt == 100)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(10);
        }
    }

    private static HttpRequestMessage Clone(HttpRequestMessage original)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri);
        foreach (var (name, values) in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }
        return copy;
    }

    /// <summary>Captures the signed headers of one request instead of sending it.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        private readonly List<KeyValuePair<string, string>> _headers = [];

        public CapturingHandler(out Func<IReadOnlyList<KeyValuePair<string, string>>> captured) => captured = () => _headers;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, values) in request.Headers)
            {
                _headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }
}
