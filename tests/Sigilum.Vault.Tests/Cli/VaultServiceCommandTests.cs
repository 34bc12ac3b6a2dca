using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Sigilum.CommandLine.Services;
using Sigilum.Testing;

namespace Sigilum.Vault.Cli;

/// <summary>
/// <c>sigil-vault service install|status|uninstall</c> (issue 12 item 2): the same shared implementation as the gateway's,
/// with the vault's own user, state directory and an idempotent <c>init</c> before each start. Install runs as root
/// here and in CI, so it creates a real system user (fresh name, deleted afterwards); nothing is started.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class VaultServiceCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("sigil-vault-service-");
    private readonly string _user = SystemServices.UniqueUserName("sgtsv");

    public void Dispose()
    {
        SystemServices.DeleteUser(_user);
        _temp.Dispose();
    }

    private string UnitDirectory => Path.Combine(_temp.Path, "units");

    private string StateDirectory => Path.Combine(_temp.Path, "state");

    [Fact]
    public async Task Install_UnitDir_WritesAVerifiedUnitRunningInitThenStartAsItsOwnUser()
    {
        var cli = new CliRunner(_temp.Path);

        var (exit, output, error) = await cli.RunAsync("service", "install", "--unit-dir", UnitDirectory, "--state-dir", StateDirectory, "--user", _user, "--port", "10300", "--json");

        Assert.True(exit == 0, error);
        var unitFile = Path.Combine(UnitDirectory, "sigil-vault.service");
        var (verified, analysis) = SystemServices.VerifyUnit(unitFile);
        Assert.True(verified == 0, analysis);
        Assert.Equal(string.Empty, analysis);
        var unit = await File.ReadAllTextAsync(unitFile);
        Assert.Contains($"\nUser={_user}\n", unit, StringComparison.Ordinal);
        Assert.Contains($" init --home {StateDirectory}\n", unit, StringComparison.Ordinal);
        Assert.Contains($" start --home {StateDirectory} --port 10300\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nEnvironmentFile=-/etc/default/sigil-vault\n", unit, StringComparison.Ordinal);
        Assert.All(SystemdUnit.Hardening, line => Assert.Contains("\n" + line + "\n", unit, StringComparison.Ordinal));
        var account = UnixAccount.Parse(SystemServices.FindUser(_user)!)!;
        var state = UnixFileStatus.TryRead(StateDirectory)!;
        Assert.Equal("0700", state.OctalMode);
        Assert.Equal(account.Uid, state.Uid);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(Path.Combine(StateDirectory, "vault"), (string?)json["dataDirectory"]);
    }

    [Fact]
    public async Task Install_NoSystemd_SaysSoAndExitsNonZero()
    {
        var cli = new CliRunner(_temp.Path)
        {
            Services = new ServiceSystem { IsPrivileged = () => true, UnitDirectory = UnitDirectory, SystemdRunDirectory = Path.Combine(_temp.Path, "absent") },
        };

        var (exit, _, error) = await cli.RunAsync("service", "install", "--user", _user, "--state-dir", StateDirectory);

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("does not run systemd", error, StringComparison.Ordinal);
        Assert.Contains("sigil-vault service install --dry-run", error, StringComparison.Ordinal);
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Install_NotRoot_RefusesWithTheSudoCommand()
    {
        var cli = new CliRunner(_temp.Path)
        {
            Services = new ServiceSystem { IsPrivileged = () => false, UnitDirectory = UnitDirectory, SystemdRunDirectory = _temp.Path },
        };

        var (exit, _, error) = await cli.RunAsync("service", "install", "--unit-dir", UnitDirectory, "--user", _user, "--state-dir", StateDirectory);

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("sudo sigil-vault service install", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(UnitDirectory));
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Doctor_VaultFilesOfAnotherUserReadable_FailsWithChmodFix()
    {
        var cli = new CliRunner(_temp.Path);
        await cli.JsonAsync("init");
        var nodeKey = Path.Combine(_temp.Path, "vault", "node.key");
        // As if the vault ran as another user but left its node key world-readable: uid 65534 owns it, mode 0644.
        Assert.Equal(0, SystemServices.Run("chown", "65534:65534", nodeKey).ExitCode);
        File.SetUnixFileMode(nodeKey, (UnixFileMode)Convert.ToInt32("644", 8));

        var finding = IsolationChecks.SecretFile("node key access", nodeKey, new ProcessIdentity(1, 1000, 1000, []), "sudo sigil-vault service install");

        Assert.Equal(AccessVerdict.Fail, finding.Verdict);
        Assert.Equal("sudo chmod 600 " + nodeKey, finding.Fix);
        // The doctor itself, run as root, reports the same file's lax mode as a failure with the same fix.
        var (exit, output, _) = await cli.RunAsync("doctor", "--port", "0", "--json");
        Assert.Equal(ExitCodes.CheckFailed, exit);
        var check = JsonNode.Parse(output)!["checks"]!.AsArray().First(c => (string?)c!["name"] == "node key access")!;
        Assert.Equal("fail", (string?)check["status"]);
        Assert.Contains("sudo chmod 600 " + nodeKey, (string?)check["detail"], StringComparison.Ordinal);
    }
}
