using System.Net;
using System.Text.Json;

namespace Sigilum.Gateway.Operations;

/// <summary>The admin gate over real HTTP: remote clients are simulated through a trusted proxy and X-Forwarded-For.</summary>
public sealed class AdminAccessFilterTests
{
    [Theory]
    [InlineData("Loopback", null, "ADMIN_LOOPBACK_REQUIRED")]
    [InlineData("Token", null, "ADMIN_TOKEN_REQUIRED")]
    [InlineData("Token", "wrong-token-wrong-token-wrong-token", "ADMIN_TOKEN_REQUIRED")]
    [InlineData("Hybrid", null, "ADMIN_TOKEN_OR_LOOPBACK_REQUIRED")]
    [InlineData("Hybrid", "wrong-token-wrong-token-wrong-token", "ADMIN_TOKEN_OR_LOOPBACK_REQUIRED")]
    public async Task AdminGroup_RemoteClientDenied_403WithCodeAndDecisionLine(string mode, string? token, string code)
    {
        await using var host = await OperationsHost.StartAsync(OperationsHost.BehindProxy(Enum.Parse<AdminAccessMode>(mode), OperationsHost.TestToken));
        using var request = Remote(HttpMethod.Get, token);

        using var response = await host.Client.SendAsync(request);

        await OperationsEndpointsTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, code);
        using var line = JsonDocument.Parse(Assert.Single(host.Logs.Decisions));
        Assert.Equal("admin_access_denied", line.RootElement.GetProperty("event").GetString());
        Assert.Equal(code, line.RootElement.GetProperty("reason_code").GetString());
        Assert.Equal("203.0.113.0/24", line.RootElement.GetProperty("remote_ip").GetString());
        Assert.DoesNotContain("wrong-token", host.Logs.Decisions[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Token")]
    [InlineData("Hybrid")]
    public async Task AdminGroup_RemoteClientRightToken_ServedAndLoggedViaToken(string mode)
    {
        await using var host = await OperationsHost.StartAsync(OperationsHost.BehindProxy(Enum.Parse<AdminAccessMode>(mode), OperationsHost.TestToken));
        using var request = Remote(HttpMethod.Post, OperationsHost.TestToken);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("posted", await response.Content.ReadAsStringAsync());
        using var line = JsonDocument.Parse(Assert.Single(host.Logs.Decisions));
        Assert.Equal("admin_access_granted", line.RootElement.GetProperty("event").GetString());
        Assert.Equal("token", line.RootElement.GetProperty("via").GetString());
        Assert.DoesNotContain(OperationsHost.TestToken, host.Logs.Decisions[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Loopback")]
    [InlineData("Hybrid")]
    public async Task AdminGroup_LoopbackClient_ServedViaLoopback(string mode)
    {
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { Admin = new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode) } });

        using var response = await host.Client.GetAsync("/api/admin/ping");

        Assert.Equal("pong", await response.Content.ReadAsStringAsync());
        using var line = JsonDocument.Parse(Assert.Single(host.Logs.Decisions));
        Assert.Equal("loopback", line.RootElement.GetProperty("via").GetString());
    }

    [Fact]
    public async Task AdminGroup_LoopbackModeWithToken_TokenDoesNotHelpRemoteClient()
    {
        await using var host = await OperationsHost.StartAsync(OperationsHost.BehindProxy(AdminAccessMode.Loopback, OperationsHost.TestToken));

        using var response = await host.Client.SendAsync(Remote(HttpMethod.Get, OperationsHost.TestToken));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AdminGroup_LoopbackClientRebindedHost_403HostNotAllowed()
    {
        await using var host = await OperationsHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/ping");
        request.Headers.Host = "attacker.example";

        using var response = await host.Client.SendAsync(request);

        await OperationsEndpointsTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "ADMIN_HOST_NOT_ALLOWED");
    }

    [Fact]
    public async Task AdminGroup_InsecureOpenAdmin_RemoteClientWithoutTokenServedOperatorRoute()
    {
        var options = OperationsHost.BehindProxy(AdminAccessMode.Token, OperationsHost.TestToken);
        options.Admin.InsecureOpenAdmin = true;
        await using var host = await OperationsHost.StartAsync(options);

        using var response = await host.Client.SendAsync(Remote(HttpMethod.Post, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var line = JsonDocument.Parse(Assert.Single(host.Logs.Decisions));
        Assert.Equal("insecure", line.RootElement.GetProperty("via").GetString());
    }

    [Theory]
    [InlineData("Loopback")]
    [InlineData("Token")]
    [InlineData("Hybrid")]
    public async Task AdminGroup_LoopbackClientWithoutToken_OperatorRoute403TokenRequired(string mode)
    {
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { Admin = new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = OperationsHost.TestToken } });

        using var response = await host.Client.PostAsync("/api/admin/ping", null);

        await OperationsEndpointsTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "ADMIN_TOKEN_REQUIRED");
    }

    [Theory]
    [InlineData("Loopback")]
    [InlineData("Token")]
    [InlineData("Hybrid")]
    public async Task AdminGroup_LoopbackClientWithToken_OperatorRouteServed(string mode)
    {
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { Admin = new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = OperationsHost.TestToken } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ping");
        request.Headers.Add(AdminAccessPolicy.TokenHeader, OperationsHost.TestToken);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal("posted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminGroup_ReadableRouteWithAnotherMethod_StillAnOperatorCall()
    {
        // /both is marked loopback-readable and mapped for GET and POST: the mark covers only the GET.
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { Admin = new AdminAccessOptions { Token = OperationsHost.TestToken } });

        using var response = await host.Client.PostAsync("/api/admin/both", null);

        await OperationsEndpointsTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "ADMIN_TOKEN_REQUIRED");
        Assert.Equal("both", await host.Client.GetStringAsync("/api/admin/both"));
    }

    [Fact]
    public async Task ADM_04_AdminGroup_RepeatedWrongTokens_429WithRetryAfter()
    {
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { Admin = new AdminAccessOptions { Token = OperationsHost.TestToken } });
        HttpResponseMessage? last = null;
        for (var i = 0; i <= AdminTokenFailures.MaxFailures + 1; i++)
        {
            last?.Dispose();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ping");
            request.Headers.Add(AdminAccessPolicy.TokenHeader, "wrong-token-wrong-token-wrong-token-" + i);
            last = await host.Client.SendAsync(request);
        }

        await OperationsEndpointsTests.AssertErrorAsync(last!, HttpStatusCode.TooManyRequests, "ADMIN_RATE_LIMITED");
        // Real clock here (the exact value is pinned with a fake clock in the policy test): within the one-minute window.
        Assert.InRange(last!.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        last.Dispose();
    }

    [Fact]
    public async Task ADM_01_AdminGroup_LoopbackSpoofedLeftOfTrustedProxyEntry_TreatedAsRemote()
    {
        // nginx (trusted, here the test client) appends the real peer to what the client sent: "127.0.0.1, 203.0.113.50".
        await using var host = await OperationsHost.StartAsync(OperationsHost.BehindProxy(AdminAccessMode.Hybrid, OperationsHost.TestToken));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/ping");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1, 203.0.113.50");

        using var response = await host.Client.SendAsync(request);

        await OperationsEndpointsTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "ADMIN_TOKEN_OR_LOOPBACK_REQUIRED");
    }

    [Fact]
    public async Task Decisions_LogDecisionsOff_NoLines()
    {
        await using var host = await OperationsHost.StartAsync(new OperationsOptions { LogDecisions = false });

        using var response = await host.Client.GetAsync("/api/admin/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Logs.Decisions);
    }

    private static HttpRequestMessage Remote(HttpMethod method, string? token)
    {
        var request = new HttpRequestMessage(method, "/api/admin/ping");
        request.Headers.Add("X-Forwarded-For", "203.0.113.50");
        if (token is not null)
        {
            request.Headers.Add(AdminAccessPolicy.TokenHeader, token);
        }
        return request;
    }
}
