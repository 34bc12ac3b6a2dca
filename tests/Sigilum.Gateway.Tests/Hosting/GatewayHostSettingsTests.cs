using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hosting;

/// <summary>Host settings chosen for the request path's cost (docs/perf/gateway.md).</summary>
public sealed class GatewayHostSettingsTests : IDisposable
{
    private readonly TempDirectory _data = new("sigilum-gw-host-settings-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task StartAsync_DefaultConfigurationFiles_NotWatchedForChanges()
    {
        var options = new GatewayOptions { Urls = "http://127.0.0.1:0", DataDirectory = _data.Path, ControlPlaneUrl = ClosedPort.Url(), ReportUsage = false };
        await using var gateway = await GatewayHost.StartAsync(options, IdentityRecord.Create("alice", TimeProvider.System));

        var configuration = (IConfigurationRoot)gateway.Services.GetRequiredService<IConfiguration>();
        var jsonFiles = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        // The host still adds its optional appsettings files; none of them may put a watcher on the working directory.
        Assert.NotEmpty(jsonFiles);
        Assert.All(jsonFiles, provider => Assert.False(provider.Source.ReloadOnChange));
    }
}
