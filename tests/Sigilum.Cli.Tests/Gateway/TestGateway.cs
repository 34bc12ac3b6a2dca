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
}
