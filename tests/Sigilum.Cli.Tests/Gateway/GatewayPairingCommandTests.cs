namespace Sigilum.Cli.Gateway;

/// <summary>`gateway pairing start` (owner) and `gateway connect` (the gateway's machine) against a real control plane.</summary>
public sealed class GatewayPairingCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;

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
    public async Task PairingStartThenConnect_RegistersTheGatewayKeyAndSavesThePairing()
    {
        var started = await _cli.RunAsync("gateway", "pairing", "start", "--json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var session = started.Json();
        var sessionId = session.GetProperty("sessionId").GetString()!;
        var code = session.GetProperty("pairCode").GetString()!;
        Assert.Contains("sigilum gateway connect --session-id " + sessionId, session.GetProperty("connectCommand").GetString(), StringComparison.Ordinal);

        var connected = await _cli.RunAsync("gateway", "connect", "--session-id", sessionId, "--pair-code", code,
            "--namespace", "alice", "--api-url", _server.Url, "--no-start", "--json");

        Assert.True(connected.ExitCode == 0, connected.ToString());
        var json = connected.Json();
        var publicKey = json.GetProperty("publicKey").GetString()!;
        var node = await _server.Host.Store.Nodes.FindByKeyAsync("alice", publicKey);
        Assert.NotNull(node);
        Assert.Equal(node.Id, json.GetProperty("nodeId").GetString());
        var pairing = GatewayConnection.Read(new Local.SigilumPaths(_cli.Home))!;
        Assert.Equal("alice", pairing.Namespace);
        Assert.Equal(node.Id, pairing.NodeId);
        // The control plane's key is pinned from the pairing answer (ADR 0024) and shown by `gateway status`.
        var pin = Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(Path.Combine(_cli.Home, "gateway"))!;
        Assert.Equal(_server.Host.ControlPlaneKey, pin.PublicKey);
        Assert.Equal("pairing", pin.Source);
        Assert.Equal(_server.Host.ControlPlaneKey, json.GetProperty("controlPlaneKey").GetString());
        var status = await _cli.RunAsync("gateway", "status", "--json");
        Assert.Equal(_server.Host.ControlPlaneKey, status.Json().GetProperty("controlPlaneKey").GetString());
        // The gateway's key is its own, not the owner's.
        Assert.NotEqual(_cli.Home + "/identities/alice/identity.json", json.GetProperty("identityPath").GetString());
    }

    [Fact]
    public async Task Connect_CodeAlreadyUsed_AuthExitCode()
    {
        var session = (await _cli.RunAsync("gateway", "pairing", "start", "--json")).Json();
        string[] connect = ["gateway", "connect", "--session-id", session.GetProperty("sessionId").GetString()!, "--pair-code",
            session.GetProperty("pairCode").GetString()!, "--namespace", "alice", "--api-url", _server.Url, "--no-start"];
        Assert.Equal(0, (await _cli.RunAsync(connect)).ExitCode);
        Directory.Delete(Path.Combine(_cli.Home, "gateway", "identities"), recursive: true);

        var second = await _cli.RunAsync(connect);

        Assert.Equal(ExitCodes.Auth, second.ExitCode);
        Assert.Contains("PAIRING_CODE_INVALID", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingStart_NotSignedIn_AuthExitCode()
    {
        File.Delete(new Local.SigilumPaths(_cli.Home).OwnerTokenFile("alice"));

        var run = await _cli.RunAsync("gateway", "pairing", "start");

        Assert.Equal(ExitCodes.Auth, run.ExitCode);
    }
}
