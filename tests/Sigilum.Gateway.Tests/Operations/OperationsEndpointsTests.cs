using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.Gateway.Operations;

public sealed class OperationsEndpointsTests
{
    [Theory]
    [InlineData("/health", "health")]
    [InlineData("/health/live", "liveness")]
    [InlineData("/health/ready", "readiness")]
    public async Task Health_Get_OkWithCheckName(string path, string check)
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""{"status":"ok","check":"{{check}}"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Health_Head_Ok()
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health/live"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_Options_204()
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/health"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Ready_AllProbesPass_Ok()
    {
        await using var host = await OperationsHost.StartAsync(services: s =>
        {
            s.AddSingleton<IReadinessProbe>(new Probe("connection_store", () => Task.FromResult(true)));
            s.AddSingleton<IReadinessProbe>(new Probe("audit_log", () => Task.FromResult(true)));
        });

        using var response = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_OneProbeFails_503NotReadyNamingOnlyIt()
    {
        await using var host = await OperationsHost.StartAsync(services: s =>
        {
            s.AddSingleton<IReadinessProbe>(new Probe("connection_store", () => Task.FromResult(false)));
            s.AddSingleton<IReadinessProbe>(new Probe("audit_log", () => Task.FromResult(true)));
        });

        using var response = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NOT_READY", body.RootElement.GetProperty("code").GetString());
        var message = body.RootElement.GetProperty("error").GetString()!;
        Assert.Contains("connection_store", message, StringComparison.Ordinal);
        Assert.DoesNotContain("audit_log", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ProbeThrows_503WithoutExceptionText()
    {
        await using var host = await OperationsHost.StartAsync(services: s =>
            s.AddSingleton<IReadinessProbe>(new Probe("store", () => throw new InvalidOperationException("db password=hunter2 rejected"))));

        using var response = await host.Client.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ProbeNeverAnswers_503AfterTimeout()
    {
        var never = new TaskCompletionSource<bool>();
        var options = new OperationsOptions { ReadinessTimeout = TimeSpan.FromMilliseconds(50) };
        await using var host = await OperationsHost.StartAsync(options, s => s.AddSingleton<IReadinessProbe>(new Probe("hung", () => never.Task)));

        using var response = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("hung", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_Get_PlainTextBanner()
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("sigilum-gateway", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/favicon.ico")]
    [InlineData("/api/adminx")]
    public async Task Unmatched_Get_404NotFound(string path)
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("POST", "/")]
    [InlineData("DELETE", "/nope")]
    [InlineData("DELETE", "/health")]
    [InlineData("PUT", "/metrics")]
    public async Task OtherMethods_Unmatched_405MethodNotAllowed(string method, string path)
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Metrics_FromLoopback_PrometheusTextNoStore()
    {
        await using var host = await OperationsHost.StartAsync();
        host.Metrics.AuthRejected("AUTH_SIGNATURE_INVALID");

        using var response = await host.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(1, PrometheusParser.Parse(text).Value("sigilum_gateway_auth_reject_total", ("reason", "auth_signature_invalid")));
    }

    [Fact]
    public async Task Metrics_RemoteClientWithoutToken_403()
    {
        await using var host = await OperationsHost.StartAsync(OperationsHost.BehindProxy(AdminAccessMode.Hybrid, OperationsHost.TestToken));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.50");

        using var response = await host.Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "ADMIN_TOKEN_OR_LOOPBACK_REQUIRED");
    }

    [Fact]
    public async Task Metrics_RemoteClientWithToken_Ok()
    {
        await using var host = await OperationsHost.StartAsync(OperationsHost.BehindProxy(AdminAccessMode.Hybrid, OperationsHost.TestToken));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.50");
        request.Headers.Authorization = new("Bearer", OperationsHost.TestToken);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("request_id").GetString()));
        Assert.Equal(code, response.Headers.GetValues("X-Sigilum-Code").Single());
    }

    private sealed class Probe(string name, Func<Task<bool>> ready) : IReadinessProbe
    {
        public string Name => name;

        public Task<bool> IsReadyAsync(CancellationToken ct) => ready();
    }
}
