using Microsoft.Extensions.DependencyInjection;
using Sigilum.Cli.Local;
using Sigilum.ControlPlane.Relay;
using Sigilum.Core.Nodes;
using Sigilum.Protocol.Identity;

namespace Sigilum.Cli.Gateway;

/// <summary>`gateway pair --status/--stop/--start` against a real gateway holding its relay stream to a real control plane.</summary>
public sealed class GatewayPairCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;
    private string _nodeId = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        Assert.Equal(0, (await _cli.RunAsync("init", "alice")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        var identity = IdentityRecord.Create("alice", _cli.Time);
        _nodeId = "gw_pairtest";
        await _server.Host.Store.Nodes.RegisterAsync(new DataPlaneNode
        {
            Id = _nodeId, Namespace = "alice", Kind = DataPlaneKind.Gateway, Name = "gw", PublicKey = identity.PublicKey, RegisteredAt = _cli.Time.GetUtcNow(),
        });
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"), identity: identity, configure: o => o.NodeId = _nodeId);
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        await UntilAsync(() => Relay.Connected("alice").Count == 1);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private IGatewayRelay Relay => _server.Host.Services.GetRequiredService<IGatewayRelay>();

    [Fact]
    public async Task PairStatus_StreamUp_ReportsNodeAndControlPlane()
    {
        var status = await _cli.RunAsync("gateway", "pair", "--status", "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        var json = status.Json();
        Assert.True(json.GetProperty("connected").GetBoolean());
        Assert.True(json.GetProperty("enabled").GetBoolean());
        Assert.Equal(_nodeId, json.GetProperty("nodeId").GetString());
        Assert.StartsWith(_server.Url, json.GetProperty("controlPlaneUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(Relay.Connected("alice")[0].EncryptionKeyId, json.GetProperty("encryptionKeyId").GetString());
        var human = await _cli.RunAsync("gateway", "pair");
        Assert.Contains(_nodeId, human.Stdout, StringComparison.Ordinal);
        Assert.Contains("Relay stream: up since ", human.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[green]", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairStop_RunningGateway_StreamClosedAndSettingSaved()
    {
        var stopped = await _cli.RunAsync("gateway", "pair", "--stop", "--json");

        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.False(stopped.Json().GetProperty("enabledSetting").GetBoolean());
        await UntilAsync(() => Relay.Connected("alice").Count == 0);
        var paths = new SigilumPaths(_cli.Home);
        Assert.False(GatewayRelaySetting.Read(paths));
        var context = CliHarnessContext();
        Assert.False(GatewayConfiguration.Load(context, paths, null).Relay.Enabled);
        var status = await _cli.RunAsync("gateway", "pair", "--status", "--json");
        Assert.Equal(ExitCodes.CheckFailed, status.ExitCode);
        Assert.False(status.Json().GetProperty("enabled").GetBoolean());

        var started = await _cli.RunAsync("gateway", "pair", "--start");
        Assert.True(started.ExitCode == 0, started.ToString());
        await UntilAsync(() => Relay.Connected("alice").Count == 1);
        Assert.True(GatewayRelaySetting.Read(paths));
    }

    [Fact]
    public async Task PairStop_GatewayNotRunning_SettingSavedAnyway()
    {
        _cli.Environment["SIGILUM_GATEWAY_URL"] = "http://127.0.0.1:1";

        var stopped = await _cli.RunAsync("gateway", "pair", "--stop");

        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Contains("not running", stopped.Stdout, StringComparison.Ordinal);
        Assert.False(GatewayRelaySetting.Read(new SigilumPaths(_cli.Home)));
    }

    [Fact]
    public async Task PairStop_KeepsOtherSettings()
    {
        Directory.CreateDirectory(Path.Combine(_cli.Home, "gateway"));
        await File.WriteAllTextAsync(Path.Combine(_cli.Home, "gateway", "appsettings.json"), "{\"Gateway\":{\"RotationGraceDays\":3}}");

        Assert.Equal(0, (await _cli.RunAsync("gateway", "pair", "--stop")).ExitCode);

        var options = GatewayConfiguration.Load(CliHarnessContext(), new SigilumPaths(_cli.Home), null);
        Assert.Equal(3, options.RotationGraceDays);
        Assert.False(options.Relay.Enabled);
    }

    [Fact]
    public async Task Pair_TwoSwitches_UsageError()
    {
        var run = await _cli.RunAsync("gateway", "pair", "--stop", "--start");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    private CliContext CliHarnessContext()
    {
        var environment = new CliEnvironment
        {
            GetVariable = _ => null,
            ListVariables = () => [],
            CurrentDirectory = _cli.WorkDirectory,
        };
        return new CliContext(environment, new CliOutput(TextWriter.Null, TextWriter.Null, environment));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 400 && !condition(); attempt++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition(), "the condition did not become true");
    }
}
