using System.Runtime.Versioning;
using System.Text.Json;
using Sigilum.CommandLine.Services;
using Sigilum.Testing;

namespace Sigilum.Cli.Doctor;

/// <summary>
/// The isolation part of doctor (issue 12 item 2): may the user running the CLI — the agent's user — read the gateway's
/// master key, admin token or database? Each verdict is tested on a real file whose owner and mode the test sets (the
/// tests run as root, so they can chown), against a given caller; then doctor end to end with an installed unit.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class IsolationDoctorChecksTests : IDisposable
{
    private const string Install = "sudo sigilum gateway service install";
    private static readonly ProcessIdentity Agent = new(1, 1000, 1000, [1000]);

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string SecretFile(string name, string mode, int owner)
    {
        var path = Path.Combine(_cli.WorkDirectory, name);
        File.WriteAllText(path, "secret");
        Assert.Equal(0, SystemServices.Run("chown", $"{owner}:{owner}", path).ExitCode);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        return path;
    }

    [Fact]
    public void SecretFile_OwnedByAnotherUserAndPrivate_Ok()
    {
        var path = SecretFile("master.key", "600", SystemServices.NobodyId);

        var finding = IsolationChecks.SecretFile("gateway master key access", path, Agent, Install);

        Assert.Equal(AccessVerdict.Ok, finding.Verdict);
        Assert.Contains("not readable by uid 1000", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretFile_OwnedByAnotherUserButWorldReadable_FailsWithChmod()
    {
        var path = SecretFile("master.key", "644", SystemServices.NobodyId);

        var finding = IsolationChecks.SecretFile("gateway master key access", path, Agent, Install);

        Assert.Equal(AccessVerdict.Fail, finding.Verdict);
        Assert.Equal("sudo chmod 600 " + path, finding.Fix);
    }

    [Fact]
    public void SecretFile_GroupReadableAndTheAgentInThatGroup_Fails()
    {
        var path = SecretFile("gateway.db", "640", SystemServices.NobodyId);

        var finding = IsolationChecks.SecretFile("gateway database access", path, Agent with { Groups = [1000, SystemServices.NobodyId] }, Install);

        Assert.Equal(AccessVerdict.Fail, finding.Verdict);
    }

    [Fact]
    public void SecretFile_GroupReadableButTheAgentNotInThatGroup_Ok()
    {
        var path = SecretFile("gateway.db", "640", SystemServices.NobodyId);

        var finding = IsolationChecks.SecretFile("gateway database access", path, Agent, Install);

        Assert.Equal(AccessVerdict.Ok, finding.Verdict);
    }

    [Fact]
    public void SecretFile_OwnedByTheAgentsUser_WarnsWithServiceInstall()
    {
        var path = SecretFile("admin.token", "600", 1000);

        var finding = IsolationChecks.SecretFile("gateway admin token access", path, Agent, Install);

        Assert.Equal(AccessVerdict.Warn, finding.Verdict);
        Assert.Contains("runs as the agent's user", finding.Detail, StringComparison.Ordinal);
        Assert.StartsWith(Install, finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretFile_Missing_IsInfo()
    {
        var finding = IsolationChecks.SecretFile("gateway admin token access", Path.Combine(_cli.WorkDirectory, "admin.token"), Agent, Install);

        Assert.Equal(AccessVerdict.Info, finding.Verdict);
    }

    [Fact]
    public void SecretFile_CheckedByRoot_IsInfoUnlessOpenToOthers()
    {
        var root = new ProcessIdentity(1, 0, 0, [0]);
        var path = SecretFile("master.key", "600", SystemServices.NobodyId);

        Assert.Equal(AccessVerdict.Info, IsolationChecks.SecretFile("k", path, root, Install).Verdict);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("604", 8));
        Assert.Equal(AccessVerdict.Fail, IsolationChecks.SecretFile("k", path, root, Install).Verdict);
    }

    [Fact]
    public async Task Doctor_InstalledServiceKeyOpenToOthers_FailsAndDevGatewayOfThisUserWarns()
    {
        // An installed sigilum-gateway unit whose state holds a world-readable master key, and this home's own gateway
        // (dev `sigilum up`) whose files belong to the user running doctor.
        var state = Path.Combine(_cli.WorkDirectory, "service-state");
        Directory.CreateDirectory(Path.Combine(state, "gateway"));
        var serviceKey = Path.Combine(state, "gateway", "master.key");
        await File.WriteAllTextAsync(serviceKey, "k");
        Assert.Equal(0, SystemServices.Run("chown", "-R", $"{SystemServices.NobodyId}:{SystemServices.NobodyId}", state).ExitCode);
        File.SetUnixFileMode(serviceKey, (UnixFileMode)Convert.ToInt32("644", 8));
        Directory.CreateDirectory(_cli.Services.UnitDirectory);
        await File.WriteAllTextAsync(Path.Combine(_cli.Services.UnitDirectory, "sigilum-gateway.service"),
            $"[Service]\nUser=sigilum-gateway\nEnvironment=SIGILUM_HOME={state}\n");
        var devKey = Path.Combine(_cli.Home, "gateway", "master.key");
        Directory.CreateDirectory(Path.GetDirectoryName(devKey)!);
        await File.WriteAllTextAsync(devKey, "k");
        File.SetUnixFileMode(devKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _cli.UseNetwork();
        _cli.Environment["SIGILUM_API_URL"] = "http://127.0.0.1:1";

        var run = await _cli.RunAsync("doctor", "--json");

        var checks = run.Json().GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("label").GetString()!, c => c);
        var service = checks["gateway master key access (service)"];
        Assert.Equal("FAIL", service.GetProperty("status").GetString());
        Assert.Equal("sudo chmod 600 " + serviceKey, service.GetProperty("fix").GetString());
        var dev = checks["gateway master key access (this home)"];
        Assert.Equal("WARN", dev.GetProperty("status").GetString());
        Assert.StartsWith(Install, dev.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, checks["gateway admin token access (service)"].GetProperty("status").ValueKind);
        Assert.Equal("INFO", checks["gateway admin token access (service)"].GetProperty("status").GetString());
    }
}
