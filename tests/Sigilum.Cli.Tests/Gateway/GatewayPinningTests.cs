using Sigilum.Cli.Stack;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Keys;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// `gateway start` with the owner's sign-in pins the control plane's key on first use (ADR 0024), and never replaces a
/// pinned key with a different one by itself: a changed key is reported and the gateway keeps trusting only the pin.
/// </summary>
public sealed class GatewayPinningTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;

    private string GatewayDirectory => Path.Combine(_cli.Home, "gateway");

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("auth", "login")).ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task GatewayStart_SignedInAndNothingPinned_PinsTheControlPlaneKey()
    {
        var run = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "gateway", "start", "--port", "0", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var pin = ControlPlanePin.Read(GatewayDirectory)!;
        Assert.Equal(_server.Host.ControlPlaneKey, pin.PublicKey);
        Assert.Equal("registration", pin.Source);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.Json().GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task GatewayStart_ThePinnedKeyDiffers_KeepsThePinAndReportsTheChange()
    {
        using var earlier = Ed25519KeyPair.Generate();
        var pinned = ControlPlaneKey.Format(earlier.PublicKey);
        new ControlPlanePin { PublicKey = pinned, ApiUrl = _server.Url, Source = "pairing", PinnedAt = _cli.Time.GetUtcNow() }.Write(GatewayDirectory);

        var run = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "gateway", "start", "--port", "0", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(pinned, ControlPlanePin.Read(GatewayDirectory)!.PublicKey);
        var problem = run.Json().GetProperty("problem").GetString();
        Assert.Contains("but this gateway pinned", problem, StringComparison.Ordinal);
        Assert.Contains("CONTROL_PLANE_SIGNATURE_INVALID", problem, StringComparison.Ordinal);
    }
}
