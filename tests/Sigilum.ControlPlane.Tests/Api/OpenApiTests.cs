using System.Text.Json;

namespace Sigilum.ControlPlane.Api;

public sealed class OpenApiTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;

    public async Task InitializeAsync() => _cp = await ControlPlaneFixture.StartAsync();

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task OpenApiDocument_ListsEveryPublicRoute()
    {
        var document = JsonDocument.Parse(await _cp.PlainClient().GetStringAsync("openapi/v1.json")).RootElement;

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var route in new[]
        {
            "/health", "/v1/namespaces", "/v1/namespaces/{ns}", "/v1/auth/login", "/v1/claims", "/v1/claims/{id}/approve",
            "/v1/namespaces/{ns}/claims", "/v1/verify", "/v1/namespaces/claims", "/v1/stream", "/.well-known/did/{did}",
            "/v1/namespaces/{ns}/services", "/v1/namespaces/{ns}/nodes",
        })
        {
            Assert.Contains(route, paths);
        }
    }

    [Fact]
    public async Task Health_AndReady_AnswerOk()
    {
        var client = _cp.PlainClient();

        var health = JsonDocument.Parse(await client.GetStringAsync("health")).RootElement;
        var ready = JsonDocument.Parse(await client.GetStringAsync("health/ready")).RootElement;

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("sqlite", ready.GetProperty("store").GetString());
    }

    [Fact]
    public async Task EveryResponse_CarriesARequestId_AndEchoesASafeOne()
    {
        var client = _cp.PlainClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "health");
        request.Headers.Add("X-Request-ID", "trace-123");
        using var unsafeRequest = new HttpRequestMessage(HttpMethod.Get, "health");
        unsafeRequest.Headers.TryAddWithoutValidation("X-Request-ID", "bad id with spaces");

        var echoed = await client.SendAsync(request);
        var replaced = await client.SendAsync(unsafeRequest);

        Assert.Equal("trace-123", echoed.Headers.GetValues("X-Request-ID").Single());
        Assert.StartsWith("req_", replaced.Headers.GetValues("X-Request-ID").Single(), StringComparison.Ordinal);
    }
}
