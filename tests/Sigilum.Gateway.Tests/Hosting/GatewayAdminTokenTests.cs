using System.Net;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Operations;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hosting;

/// <summary>The admin token at gateway start (ADR 0020): generated into the data directory unless configured; an unsafe file stops the start.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GatewayAdminTokenTests : IDisposable
{
    private readonly TempDirectory _data = new("sigilum-gw-token-");

    private string TokenPath => Path.Combine(_data.Path, "admin.token");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task StartAsync_FirstStart_GeneratesOwnerOnlyTokenThatOperatesTheAdminApi()
    {
        await using var gateway = await StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenPath));
        using var client = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl + "/") };
        client.DefaultRequestHeaders.Add(AdminAccessPolicy.TokenHeader, File.ReadAllText(TokenPath).Trim());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/admin/credential-variables")).StatusCode);
    }

    [Fact]
    public async Task StartAsync_TokenFileReadableByOthers_RefusesToStart()
    {
        await (await StartAsync()).DisposeAsync();
        File.SetUnixFileMode(TokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ConfiguredToken_NoFileAndOnlyThatTokenWorks()
    {
        const string Configured = "configured-admin-token-0123456789abcdef";
        await using var gateway = await StartAsync(o => o.Operations.Admin.Token = Configured);

        Assert.False(File.Exists(TokenPath));
        using var client = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl + "/") };
        client.DefaultRequestHeaders.Add(AdminAccessPolicy.TokenHeader, Configured);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/admin/credential-variables")).StatusCode);
    }

    [Fact]
    public async Task StartAsync_RemovedRequireAdminChecksFalse_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(o => o.Operations.Admin.RequireAdminChecks = false));

        Assert.Contains("GATEWAY_INSECURE_OPEN_ADMIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Posture_InsecureOpenAdmin_Announced()
    {
        var options = new GatewayOptions { DataDirectory = _data.Path };
        options.Operations.Admin.InsecureOpenAdmin = true;

        Assert.True(GatewayPosture.IsInsecure(options));
        Assert.Contains("InsecureOpenAdmin=ON", GatewayPosture.Describe(options, ["http://127.0.0.1:38100"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Posture_Default_NamesTheTokenFileAndNoInsecureSwitch()
    {
        var options = new GatewayOptions { DataDirectory = _data.Path };

        var line = GatewayPosture.Describe(options, ["http://127.0.0.1:38100"]);

        Assert.False(GatewayPosture.IsInsecure(options));
        Assert.Contains(TokenPath, line, StringComparison.Ordinal);
        Assert.Contains("insecure switches: none", line, StringComparison.Ordinal);
    }

    private Task<GatewayHost> StartAsync(Action<GatewayOptions>? configure = null)
    {
        var options = new GatewayOptions { Urls = "http://127.0.0.1:0", DataDirectory = _data.Path, ControlPlaneUrl = ClosedPort.Url(), ReportUsage = false };
        configure?.Invoke(options);
        return GatewayHost.StartAsync(options, IdentityRecord.Create("alice", TimeProvider.System));
    }
}
