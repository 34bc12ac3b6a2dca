using System.Net;

namespace Sigilum.Gateway.Operations;

public sealed class AdminCorsTests
{
    private const string Allowed = "http://127.0.0.1:8787";
    private const string Foreign = "https://evil.example";

    [Fact]
    public async Task Preflight_AllowedOrigin_204WithCorsHeaders()
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.SendAsync(Preflight("/api/admin/ping", Allowed));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal(AdminCorsPolicy.AllowedMethods, response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("X-Sigilum-Admin-Token", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Equal("86400", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task Preflight_ForeignOrigin_204WithoutCorsHeaders()
    {
        await using var host = await OperationsHost.StartAsync();

        using var response = await host.Client.SendAsync(Preflight("/api/admin/ping", Foreign));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task AdminGet_AllowedOrigin_ServedWithEchoedOrigin()
    {
        await using var host = await OperationsHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/ping");
        request.Headers.Add("Origin", Allowed);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Allowed, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("/api/admin/ping")]
    [InlineData("/metrics")]
    public async Task AdminPost_ForeignOrigin_403OriginNotAllowed(string path)
    {
        // A cross-site form POST needs no preflight; without this check it would run from a loopback browser.
        await using var host = await OperationsHost.StartAsync();
        using var request = new HttpRequestMessage(path == "/metrics" ? HttpMethod.Get : HttpMethod.Post, path);
        request.Headers.Add("Origin", Foreign);

        using var response = await host.Client.SendAsync(request);

        await OperationsEndpointsTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "ADMIN_ORIGIN_NOT_ALLOWED");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Health_AllowedOrigin_CorsHeaders()
    {
        await using var host = await OperationsHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", "http://localhost:3000");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal("http://localhost:3000", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Proxy_AllowedOrigin_NoCorsHeaders()
    {
        await using var host = await OperationsHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/proxy/conn/x");
        request.Headers.Add("Origin", Allowed);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal("proxied", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Vary"));
    }

    [Fact]
    public async Task Preflight_ConfiguredOrigins_ReplaceDefaults()
    {
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { AllowedOrigins = ["https://admin.example"] });

        using var configured = await host.Client.SendAsync(Preflight("/api/admin/ping", "https://ADMIN.example"));
        using var formerDefault = await host.Client.SendAsync(Preflight("/api/admin/ping", Allowed));

        Assert.Equal("https://ADMIN.example", configured.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(formerDefault.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-sigilum-admin-token");
        return request;
    }
}
