using Sigilum.Cli.Gateway;

namespace Sigilum.Cli.Services;

/// <summary><c>--hold-seconds</c> of <c>service add</c> and <c>service update</c> (ADR 0055) against a real control plane and gateway.</summary>
public sealed class ServiceHoldTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"));
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        var login = await _cli.RunAsync("auth", "login");
        Assert.True(login.ExitCode == 0, login.ToString());
        _cli.Environment["ECHO_SECRET"] = "sk-test-0123456789-very-secret-value";
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task AddThenUpdate_HoldSeconds_StoredOnTheConnection()
    {
        var add = await _cli.RunAsync("service", "add", "--name", "Echo", "--id", "echo", "--base-url", "http://127.0.0.1:9/",
            "--auth-secret-key", "api_key", "--secret-env", "api_key=ECHO_SECRET", "--hold-seconds", "90", "--json");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(90, add.Json().GetProperty("connection").GetProperty("hold_seconds").GetInt32());

        var update = await _cli.RunAsync("service", "update", "echo", "--hold-seconds", "0", "--json");

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Equal(0, update.Json().GetProperty("connection").GetProperty("hold_seconds").GetInt32());
    }

    [Fact]
    public async Task Add_WithoutHoldSeconds_HoldOff()
    {
        var add = await _cli.RunAsync("service", "add", "--name", "Echo", "--id", "echo", "--base-url", "http://127.0.0.1:9/",
            "--auth-secret-key", "api_key", "--secret-env", "api_key=ECHO_SECRET", "--json");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(0, add.Json().GetProperty("connection").GetProperty("hold_seconds").GetInt32());
    }

    [Fact]
    public async Task Update_HoldSecondsAboveTheBound_UsageError_NothingSent()
    {
        var update = await _cli.RunAsync("service", "update", "echo", "--hold-seconds", "301");

        Assert.Equal(ExitCodes.Usage, update.ExitCode);
        Assert.Contains("--hold-seconds must be 0-300", update.Stderr, StringComparison.Ordinal);
    }
}
