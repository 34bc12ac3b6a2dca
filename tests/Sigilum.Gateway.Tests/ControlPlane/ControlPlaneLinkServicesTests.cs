using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Claims;
using Sigilum.Gateway.Connections;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.ControlPlane;

public sealed class ControlPlaneLinkServicesTests
{
    [Fact]
    public async Task AddGatewayControlPlaneLink_WithTheHostsServices_ResolvesAndStarts()
    {
        using var dir = new TempDirectory();
        var record = IdentityRecord.Create("alice", TimeProvider.System);
        using var identity = SigningIdentity.FromRecord(record);
        var services = Host(record, identity);
        services.AddGatewayControlPlaneLink(new ControlPlaneLinkOptions { AuditDirectory = Path.Combine(dir.Path, "audit"), ControlPlaneUrl = ClosedPort.Url() });
        await using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }
        Assert.Equal(3, hosted.Count);
        Assert.True(provider.GetRequiredService<ClaimSubmitLimiter>().TryAcquire("openai", "alice"));
        Assert.NotNull(provider.GetRequiredService<ClaimFiler>());
        Assert.NotNull(await provider.GetRequiredService<GatewayAuditTrail>().RecordReleaseAsync(Audit.GatewayAuditTrailTests.Entry(), CancellationToken.None));
        Assert.Same(provider.GetRequiredService<UsageReporter>(), hosted.OfType<UsageReporter>().Single());
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AddGatewayControlPlaneLink_RecordOfAnotherKey_FailsAtResolution()
    {
        using var dir = new TempDirectory();
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        var services = Host(IdentityRecord.Create("alice", TimeProvider.System), identity);
        services.AddGatewayControlPlaneLink(new ControlPlaneLinkOptions { AuditDirectory = dir.Path });
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<GatewayAuditTrail>());
    }

    [Fact]
    public void AddGatewayControlPlaneLink_WithoutAuditDirectory_IsRefusedAtStart()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddGatewayControlPlaneLink(new ControlPlaneLinkOptions()));
        Assert.Throws<ArgumentException>(() => services.AddGatewayControlPlaneLink(new ControlPlaneLinkOptions { AuditDirectory = "x", ClaimRateLimitPerMinute = -1 }));
    }

    private static ServiceCollection Host(IdentityRecord record, SigningIdentity identity)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(record);
        services.AddSingleton(identity);
        services.AddSingleton<IServiceKeyProvider>(new FakeServiceKeys(new Dictionary<string, string>()));
        return services;
    }
}
