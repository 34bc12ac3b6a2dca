using System.Runtime.Versioning;
using System.Text.Json;
using Sigilum.Cli.Gateway;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Doctor;

/// <summary><c>sigilum doctor</c>: its JSON shape, file-mode failures and <c>--fix</c>, and the remote checks against real servers.</summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public DoctorCommandTests()
    {
        _cli.UseNetwork();
        // Nothing listens on port 1: the remote checks fail fast and deterministically.
        _cli.Environment["SIGILUM_API_URL"] = "http://127.0.0.1:1";
        _cli.Environment["SIGILUM_GATEWAY_URL"] = "http://127.0.0.1:1";
    }

    public void Dispose() => _cli.Dispose();

    private static JsonElement Check(JsonElement json, string label) =>
        json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("label").GetString() == label);

    private string IdentityPath => Path.Combine(_cli.Home, "identities", "alice", "identity.json");

    [Fact]
    public async Task Doctor_Json_HasTheSpecShapeAndFailsWhenNothingRuns()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("doctor", "--json");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        var json = run.Json();
        Assert.Equal("fail", json.GetProperty("status").GetString());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(checks.Count(c => c.GetProperty("status").GetString() == "FAIL"), json.GetProperty("failures").GetInt32());
        Assert.Equal(checks.Count(c => c.GetProperty("status").GetString() == "WARN"), json.GetProperty("warnings").GetInt32());
        Assert.Equal(checks.Count(c => c.GetProperty("status").GetString() == "OK"), json.GetProperty("ok").GetInt32());
        Assert.All(checks, c =>
        {
            Assert.Contains(c.GetProperty("status").GetString(), new[] { "OK", "WARN", "FAIL", "INFO" });
            Assert.False(string.IsNullOrEmpty(c.GetProperty("label").GetString()));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("detail").GetString()));
            Assert.True(c.TryGetProperty("fix", out _));
        });
        Assert.All(checks.Where(c => c.GetProperty("status").GetString() == "FAIL"), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("fix").GetString())));
        Assert.Empty(json.GetProperty("applied_fixes").EnumerateArray());
        Assert.Equal("OK", Check(json, "identity alice").GetProperty("status").GetString());
        Assert.Equal("FAIL", Check(json, "control plane").GetProperty("status").GetString());
        Assert.Contains("sigilum up", Check(json, "control plane").GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal("FAIL", Check(json, "gateway").GetProperty("status").GetString());
        Assert.Contains(json.GetProperty("actions").EnumerateArray(), a => a.GetString()!.StartsWith("control plane:", StringComparison.Ordinal));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Doctor_KeyFileReadableByOthers_FailsWithChmodFixThatFixRepairs()
    {
        await _cli.RunAsync("init", "alice");
        File.SetUnixFileMode(IdentityPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var before = (await _cli.RunAsync("doctor", "--json")).Json();
        var check = Check(before, "identity alice");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("0644", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("chmod 600 " + IdentityPath, check.GetProperty("fix").GetString());

        var fixedRun = (await _cli.RunAsync("doctor", "--fix", "--json")).Json();
        Assert.Contains("chmod 600 " + IdentityPath, fixedRun.GetProperty("applied_fixes").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("OK", Check(fixedRun, "identity alice").GetProperty("status").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(IdentityPath));

        var after = (await _cli.RunAsync("doctor", "--json")).Json();
        Assert.Equal("OK", Check(after, "identity alice").GetProperty("status").GetString());
        Assert.Empty(after.GetProperty("applied_fixes").EnumerateArray());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Doctor_HomeOpenToOthers_WarnsAndFixSetsSevenHundred()
    {
        await _cli.RunAsync("init", "alice");
        File.SetUnixFileMode(_cli.Home, (UnixFileMode)Convert.ToInt32("755", 8));

        var before = (await _cli.RunAsync("doctor", "--json")).Json();
        Assert.Equal("WARN", Check(before, "Sigilum home").GetProperty("status").GetString());

        var human = await _cli.RunAsync("doctor", "--fix");
        Assert.Contains("fixed", human.Stdout, StringComparison.Ordinal);
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(_cli.Home));
    }

    [Fact]
    public async Task Doctor_NoIdentity_FailsWithInitHint()
    {
        var json = (await _cli.RunAsync("doctor", "--json")).Json();

        var check = Check(json, "identity");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("sigilum init", check.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_RealServers_SignedInAndGatewayNodeChecked()
    {
        await using var server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = server.Url;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("auth", "login")).ExitCode);
        var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = Path.Combine(_cli.Home, "gateway"), TimeProvider = _cli.Time, GetEnvironmentVariable = _ => null });
        var identity = store.InitIdentity("alice").Value!.Record;
        await using var gateway = await TestGateway.StartAsync("alice", server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"), identity);
        _cli.Environment["SIGILUM_GATEWAY_URL"] = gateway.Url;

        var unregistered = (await _cli.RunAsync("doctor", "--json")).Json();
        Assert.Equal("OK", Check(unregistered, "control plane").GetProperty("status").GetString());
        Assert.Equal("OK", Check(unregistered, "signed in").GetProperty("status").GetString());
        Assert.Equal("OK", Check(unregistered, "gateway identity").GetProperty("status").GetString());
        Assert.Equal("OK", Check(unregistered, "gateway store").GetProperty("status").GetString());
        Assert.Equal("OK", Check(unregistered, "gateway master key").GetProperty("status").GetString());
        Assert.Contains(gateway.Url, Check(unregistered, "gateway").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var node = Check(unregistered, "gateway registered");
        Assert.Equal("FAIL", node.GetProperty("status").GetString());
        Assert.Contains("sigilum gateway restart", node.GetProperty("fix").GetString(), StringComparison.Ordinal);

        using (var owner = new HttpClient())
        {
            owner.DefaultRequestHeaders.Authorization = new("Bearer", server.StoredToken(_cli.Home, "alice"));
            var registered = await owner.PostAsync(server.Url + "/v1/namespaces/alice/nodes", new StringContent(
                $$"""{"kind":"gateway","name":"gw-test","public_key":"{{identity.PublicKey}}"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(registered.IsSuccessStatusCode);
        }
        var registeredRun = (await _cli.RunAsync("doctor", "--json")).Json();
        Assert.Equal("OK", Check(registeredRun, "gateway registered").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Doctor_ExpiredOrMissingSignIn_FailsWithLoginHint()
    {
        await using var server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = server.Url;
        await _cli.RunAsync("init", "alice");

        var json = (await _cli.RunAsync("doctor", "--json")).Json();

        var check = Check(json, "signed in");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Equal("sigilum auth login --namespace alice", check.GetProperty("fix").GetString());
    }

    [Fact]
    public async Task Doctor_ControlPlaneNeverAnswers_FailsAfterTheProbeDeadline()
    {
        // Accepts the connection and never answers: only the probe's deadline ends the wait.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        _cli.Environment["SIGILUM_API_URL"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
        _cli.Environment[RemoteChecks.DeadlineVariable] = "0.5";
        await _cli.RunAsync("init", "alice");

        var json = (await _cli.RunAsync("doctor", "--json")).Json();

        var check = Check(json, "control plane");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("no answer within 0.5 s", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
