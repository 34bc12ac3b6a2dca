using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// A real gateway host on a free loopback port, in-process, over a temp data directory (or a home's
/// <c>gateway/</c>, where the CLI finds the admin token it generates), following a test control plane on the CLI harness's clock.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly TempDirectory? _dir;

    private TestGateway(GatewayHost host, string dataDirectory, IdentityRecord identity, TempDirectory? dir)
    {
        Host = host;
        DataDirectory = dataDirectory;
        Identity = identity;
        _dir = dir;
    }

    public GatewayHost Host { get; }

    public string Url => Host.BaseUrl;

    public string DataDirectory { get; }

    public IdentityRecord Identity { get; }

    /// <summary>An HTTP client acting as the operator: it presents the admin token the gateway generated (ADR 0020).</summary>
    public HttpClient AdminClient()
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Sigilum-Admin-Token", File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim());
        return client;
    }

    public static async Task<TestGateway> StartAsync(string ns, string controlPlaneUrl, TimeProvider time, string? dataDirectory = null, IdentityRecord? identity = null, Action<GatewayOptions>? configure = null)
    {
        var dir = dataDirectory is null ? new TempDirectory("sigilum-cli-gw-") : null;
        var data = dataDirectory ?? dir!.Path;
        identity ??= IdentityRecord.Create(ns, time);
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = data,
            ControlPlaneUrl = new Uri(controlPlaneUrl),
            ReportUsage = false,
        };
        configure?.Invoke(options);
        // Pin the control plane's key as the CLI does at registration (ADR 0024), unless the test pinned one or the
        // control plane is not reachable (tests of an unreachable control plane).
        options.ControlPlaneKey ??= Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(data) is null ? await TryFetchKeyAsync(controlPlaneUrl) : null;
        try
        {
            return new TestGateway(await GatewayHost.StartAsync(options, identity, time), data, identity, dir);
        }
        catch
        {
            dir?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _dir?.Dispose();
    }

    private static async Task<string?> TryFetchKeyAsync(string controlPlaneUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(controlPlaneUrl.TrimEnd('/') + "/"), "v1/control-plane/key"));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.GetProperty("public_key").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return null;
        }
    }
}
