using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Issue #12, "the agent next door", end to end on loopback: a real control plane, a real gateway, a real upstream and
/// an attacker's own listener. A local process without the admin token can neither re-point, add, delete nor feed
/// credentials to a connection, so the approved agent's request still carries the secret to the real upstream and the
/// attacker's listener never sees a connection. The companion test sends the very same PATCH with the token.
/// </summary>
public sealed class AdminOperatorProofTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _upstreamAuthorization = new();
    private GatewayStack _stack = null!;
    private AttackerListener _attacker = null!;

    public async Task InitializeAsync()
    {
        _stack = await GatewayStack.StartAsync(async context =>
        {
            _upstreamAuthorization.Enqueue(context.Request.Headers.Authorization.ToString());
            await context.Response.WriteAsync("upstream");
        });
        _attacker = AttackerListener.Start();
    }

    public async Task DisposeAsync()
    {
        await _attacker.DisposeAsync();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task LocalProcessWithoutToken_CannotRedirectTheSecret_ApprovedRequestReachesTheRealUpstreamOnly()
    {
        using var local = _stack.AnonymousLocalClient();
        var attackerUrl = _attacker.BaseUrl;

        // Every way to point a connection at the attacker, or to learn or change what it sends, is refused.
        await AssertRefusedAsync(local, HttpMethod.Patch, "api/admin/connections/echo", new { base_url = attackerUrl });
        await AssertRefusedAsync(local, HttpMethod.Post, "api/admin/connections", new
        {
            id = "evil", name = "Evil", base_url = attackerUrl, auth_mode = "bearer", auth_secret_key = "api_key", secrets = new { api_key = "{{API_KEY}}" },
        });
        await AssertRefusedAsync(local, HttpMethod.Delete, "api/admin/connections/echo", null);
        await AssertRefusedAsync(local, HttpMethod.Post, "api/admin/credential-variables", new { key = "API_KEY", value = "attacker-chosen" });
        await AssertRefusedAsync(local, HttpMethod.Post, "api/admin/connections/echo/rotate", new { secrets = new { api_key = "attacker-chosen" } });
        await AssertRefusedAsync(local, HttpMethod.Post, "api/admin/connections/echo/test", new { method = "GET", test_path = "/" });
        await AssertRefusedAsync(local, HttpMethod.Put, "api/admin/service-api-keys/echo", new { key = "attacker-chosen" });
        await AssertRefusedAsync(local, HttpMethod.Put, "api/admin/service-catalog", new { services = Array.Empty<object>() });
        await AssertRefusedAsync(local, HttpMethod.Post, "api/admin/relay/stop", null);
        await AssertRefusedAsync(local, HttpMethod.Get, "api/admin/credential-variables", null);
        await AssertRefusedAsync(local, HttpMethod.Get, "api/admin/service-api-keys/echo", null);
        await AssertRefusedAsync(local, HttpMethod.Get, "api/admin/service-catalog", null);
        await AssertRefusedAsync(local, HttpMethod.Get, "api/admin/relay", null);

        // Loopback alone still reads the connection list and one connection (no secret material), unchanged.
        var listed = await local.GetStringAsync("api/admin/connections");
        var echo = await local.GetFromJsonAsync<JsonElement>("api/admin/connections/echo");
        Assert.Equal(_stack.Upstream.BaseUri.ToString().TrimEnd('/'), echo.GetProperty("base_url").GetString());
        Assert.DoesNotContain(GatewayStack.Secret, listed + echo, StringComparison.Ordinal);

        // The approved agent's signed request: the secret goes to the real upstream, the attacker sees nothing.
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (await client.GetAsync("proxy/echo/v1/models"))
        {
        }
        await _stack.ApprovePendingAsync(agent);
        using var approved = await RetryUntilOkAsync(client, "proxy/echo/v1/models");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Bearer " + GatewayStack.Secret, Assert.Single(_upstreamAuthorization));
        Assert.Equal(0, _attacker.Connections);
    }

    [Fact]
    public async Task SamePatchWithTheAdminToken_Applied()
    {
        // The refusal above is the token check alone: the same loopback client, the same PATCH, plus the token.
        using var operatorClient = _stack.AdminClient();

        using var response = await operatorClient.PatchAsJsonAsync("api/admin/connections/echo", new { base_url = _attacker.BaseUrl });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await operatorClient.GetFromJsonAsync<JsonElement>("api/admin/connections/echo");
        Assert.Equal(_attacker.BaseUrl, echo.GetProperty("base_url").GetString());
    }

    [Fact]
    public async Task ADM_10_AdminResponses_NeverContainSecretValues()
    {
        const string VariableValue = "variable-SECRET-value-9876543210";
        const string ServiceKey = "sk-service-SECRET-key-0123456789";
        const string Rotated = "sk-rotated-SECRET-0123456789abcdef";
        using var admin = _stack.AdminClient();
        var bodies = new StringBuilder();
        async Task CollectAsync(HttpResponseMessage response)
        {
            using (response)
            {
                bodies.Append((int)response.StatusCode).Append(' ').AppendLine(await response.Content.ReadAsStringAsync());
            }
        }

        await CollectAsync(await admin.PostAsJsonAsync("api/admin/credential-variables", new { key = "EXTRA", value = VariableValue }));
        await CollectAsync(await admin.PutAsJsonAsync("api/admin/service-api-keys/echo", new { key = ServiceKey }));
        await CollectAsync(await admin.PostAsJsonAsync("api/admin/connections", new
        {
            id = "second", name = "Second", base_url = _stack.Upstream.BaseUri.ToString().TrimEnd('/'), auth_mode = "bearer", auth_secret_key = "api_key",
            secrets = new { api_key = GatewayStack.Secret },
        }));
        await CollectAsync(await admin.PostAsJsonAsync("api/admin/connections/second/rotate", new { secrets = new { api_key = Rotated } }));
        await CollectAsync(await admin.PatchAsJsonAsync("api/admin/connections/second", new { name = "Second renamed" }));
        // An invalid request that carries secrets: the error must not echo them.
        await CollectAsync(await admin.PostAsJsonAsync("api/admin/connections", new { id = "bad id!", base_url = "not a url", auth_secret_key = "k", secrets = new { k = Rotated } }));
        foreach (var path in new[]
        {
            "api/admin/connections", "api/admin/connections/echo", "api/admin/connections/second", "api/admin/credential-variables",
            "api/admin/service-api-keys/echo", "api/admin/service-catalog", "api/admin/relay", "metrics",
        })
        {
            await CollectAsync(await admin.GetAsync(path));
        }

        var all = bodies.ToString();
        Assert.Contains("EXTRA", all, StringComparison.Ordinal);
        foreach (var secret in new[] { GatewayStack.Secret, VariableValue, ServiceKey, Rotated, _stack.AdminToken })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    private static async Task AssertRefusedAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        Assert.Equal("ADMIN_TOKEN_REQUIRED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static async Task<HttpResponseMessage> RetryUntilOkAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK || attempt == 100)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(10);
        }
    }

    /// <summary>The attacker's own loopback port: counts every TCP connection it accepts, speaks no HTTP.</summary>
    private sealed class AttackerListener : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task _accepting;
        private int _connections;

        private AttackerListener(TcpListener listener)
        {
            _listener = listener;
            _accepting = AcceptAsync();
        }

        public int Connections => Volatile.Read(ref _connections);

        public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static AttackerListener Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new AttackerListener(listener);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _accepting;
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var socket = await _listener.AcceptSocketAsync();
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
