using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>Host settings chosen for the control plane's idle cost (docs/perf/control-plane-idle.md).</summary>
public sealed class ControlPlaneHostSettingsTests
{
    [Fact]
    public async Task StartAsync_DefaultConfigurationFiles_NotWatchedForChanges()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();

        var configuration = (IConfigurationRoot)cp.Host.Services.GetRequiredService<IConfiguration>();
        var jsonFiles = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        // The host still adds its optional appsettings files; none of them may put a watcher on the working directory.
        Assert.NotEmpty(jsonFiles);
        Assert.All(jsonFiles, provider => Assert.False(provider.Source.ReloadOnChange));
    }
}
