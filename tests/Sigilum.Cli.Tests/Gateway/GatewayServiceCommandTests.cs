using System.Runtime.Versioning;
using Sigilum.CommandLine.Services;
using Sigilum.Testing;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// <c>sigilum gateway service install|uninstall|status</c> (issue 12 item 2). The unit is rendered for real and checked
/// with <c>systemd-analyze verify</c>; install runs as root (these tests do, here and in CI) and so creates a real
/// system user — a fresh name per test, deleted afterwards — and its 0700 state directory. No test enables or starts
/// the unit: there is no systemd PID 1 here, and --unit-dir is exactly the "write, do not start" path.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class GatewayServiceCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly string _user = SystemServices.UniqueUserName("sgtgw");

    private string UnitDirectory => Path.Combine(_cli.WorkDirectory, "units");

    private string StateDirectory => Path.Combine(_cli.WorkDirectory, "state");

    private string UnitFile => Path.Combine(UnitDirectory, "sigilum-gateway.service");

    public void Dispose()
    {
        SystemServices.DeleteUser(_user);
        _cli.Dispose();
    }

    private Task<CliRun> InstallAsync(params string[] extra) => _cli.RunAsync(
        ["gateway", "service", "install", "--unit-dir", UnitDirectory, "--state-dir", StateDirectory, "--user", _user, .. extra.Contains("--namespace") ? extra : [.. extra, "--namespace", "alice"]]);

    [Fact]
    public async Task Install_UnitDir_WritesAUnitThatSystemdAnalyzeVerifies()
    {
        var run = await InstallAsync("--namespace", "alice", "--port", "38200", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(UnitFile));
        // The real rendered file, as systemd would load it: every key known, every value valid, ExecStart's program present.
        var (exit, output) = SystemServices.VerifyUnit(UnitFile);
        Assert.True(exit == 0, output);
        Assert.Equal(string.Empty, output);
        var unit = File.ReadAllText(UnitFile);
        Assert.Contains($"\nUser={_user}\n", unit, StringComparison.Ordinal);
        Assert.Contains($"\nEnvironment=SIGILUM_HOME={StateDirectory}\n", unit, StringComparison.Ordinal);
        Assert.Contains($"\nReadWritePaths={StateDirectory}\n", unit, StringComparison.Ordinal);
        Assert.Contains($" gateway start --home {StateDirectory} --namespace alice --port 38200\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nRestart=on-failure\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nWantedBy=multi-user.target\n", unit, StringComparison.Ordinal);
        Assert.All(SystemdUnit.Hardening, line => Assert.Contains("\n" + line + "\n", unit, StringComparison.Ordinal));
        Assert.Equal("0644", UnixFileStatus.TryRead(UnitFile)!.OctalMode);
        var json = run.Json();
        Assert.Equal(_user, json.GetProperty("user").GetString());
        Assert.True(json.GetProperty("userCreated").GetBoolean());
        Assert.False(json.GetProperty("started").GetBoolean());
    }

    [Fact]
    public async Task Install_UnitDir_CreatesTheSystemUserAndAPrivateStateDirectory()
    {
        var run = await InstallAsync("--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var passwd = UnixAccount.Parse(SystemServices.FindUser(_user)!)!;
        Assert.Equal("/usr/sbin/nologin", passwd.Shell);
        Assert.Equal(StateDirectory, passwd.Home);
        // A system account: below the first regular uid (Debian's login.defs: SYS_UID_MAX 999).
        Assert.InRange(passwd.Uid, 1, 999);
        var state = UnixFileStatus.TryRead(StateDirectory)!;
        Assert.Equal("0700", state.OctalMode);
        Assert.Equal(passwd.Uid, state.Uid);
        Assert.Equal(passwd.Gid, state.Gid);
        // Nothing the install created is readable by group or others, except the unit itself (0644, no secret in it).
        Assert.All(Directory.EnumerateFileSystemEntries(StateDirectory, "*", SearchOption.AllDirectories).Append(StateDirectory),
            path => Assert.False(UnixFileStatus.TryRead(path)!.IsOpenToOthers, path));
    }

    [Fact]
    public async Task Install_Twice_KeepsTheUserAndState()
    {
        Assert.Equal(0, (await InstallAsync()).ExitCode);
        var marker = Path.Combine(StateDirectory, "kept");
        await File.WriteAllTextAsync(marker, "x");
        File.SetUnixFileMode(marker, (UnixFileMode)Convert.ToInt32("644", 8));

        var again = await InstallAsync("--json");

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.False(again.Json().GetProperty("userCreated").GetBoolean());
        Assert.True(File.Exists(marker));
        // Reinstalling also hands anything left in the state directory to the service user, closed to everyone else.
        var status = UnixFileStatus.TryRead(marker)!;
        Assert.Equal(UnixAccount.Parse(SystemServices.FindUser(_user)!)!.Uid, status.Uid);
        Assert.Equal("0600", status.OctalMode);
    }

    [Fact]
    public async Task Install_NotRoot_RefusesWithTheSudoCommandAndChangesNothing()
    {
        _cli.Services = new ServiceSystem { IsPrivileged = () => false, UnitDirectory = UnitDirectory, SystemdRunDirectory = _cli.WorkDirectory };

        var run = await _cli.RunAsync("gateway", "service", "install", "--user", _user, "--state-dir", StateDirectory, "--namespace", "alice");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("needs root", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sudo sigilum gateway service install", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(UnitFile));
        Assert.False(Directory.Exists(StateDirectory));
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Install_RealProcessOfAnUnprivilegedUser_RefusesWithoutRoot()
    {
        // The real check (Environment.IsPrivilegedProcess), not the test switch: the built CLI run as uid 65534.
        SystemServices.GiveToNobody(_cli.WorkDirectory);
        using var process = SystemServices.StartAsNobody("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sigilum.dll"), "gateway", "service", "install", "--namespace", "alice",
             "--user", _user, "--state-dir", StateDirectory, "--unit-dir", UnitDirectory],
            new Dictionary<string, string> { ["HOME"] = _cli.WorkDirectory, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.CheckFailed, process.ExitCode);
        Assert.Contains("needs root", await stderr, StringComparison.Ordinal);
        Assert.Empty(await stdout);
        Assert.False(File.Exists(UnitFile));
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Install_NoSystemd_SaysSoAndExitsNonZeroWithTheFix()
    {
        // Root, but the systemd marker directory is missing (as in this container): the default unit directory is refused.
        _cli.Services = new ServiceSystem { IsPrivileged = () => true, UnitDirectory = UnitDirectory, SystemdRunDirectory = Path.Combine(_cli.WorkDirectory, "absent") };

        var run = await _cli.RunAsync("gateway", "service", "install", "--user", _user, "--state-dir", StateDirectory, "--namespace", "alice");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("does not run systemd", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--dry-run", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--unit-dir", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(UnitFile));
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Install_DryRun_PrintsTheDefaultUnitAndChangesNothing()
    {
        _cli.Services = new ServiceSystem { IsPrivileged = () => false, UnitDirectory = UnitDirectory, SystemdRunDirectory = Path.Combine(_cli.WorkDirectory, "absent") };

        var run = await _cli.RunAsync("gateway", "service", "install", "--dry-run");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("\nUser=sigilum-gateway\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nStateDirectory=sigilum-gateway\nStateDirectoryMode=0700\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(" gateway start --home /var/lib/sigilum-gateway\n", run.Stdout, StringComparison.Ordinal);
        // No namespace and no pairing yet: said as a warning here, refused by a real install (see below).
        Assert.Contains("Which namespace will the gateway serve?", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(UnitDirectory));
        // The default unit, as printed, verifies too (verify does not require User= to exist yet).
        var file = Path.Combine(_cli.WorkDirectory, "sigilum-gateway.service");
        await File.WriteAllTextAsync(file, run.Stdout);
        var (exit, output) = SystemServices.VerifyUnit(file);
        Assert.True(exit == 0, output);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Install_NoNamespaceAndNoPairing_RefusedAsUsageBeforeAnyChange()
    {
        var run = await _cli.RunAsync("gateway", "service", "install", "--unit-dir", UnitDirectory, "--state-dir", StateDirectory, "--user", _user);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--namespace", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(UnitFile));
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Install_PairedStateWithoutNamespace_Accepted()
    {
        // A state directory that already holds a pairing (gateway connect --home <state>): the unit needs no --namespace.
        Directory.CreateDirectory(Path.Combine(StateDirectory, "gateway"));
        await File.WriteAllTextAsync(Path.Combine(StateDirectory, "gateway", "connection.json"), "{\"namespace\":\"alice\",\"api_url\":\"http://127.0.0.1:8787\"}");

        var run = await _cli.RunAsync("gateway", "service", "install", "--unit-dir", UnitDirectory, "--state-dir", StateDirectory, "--user", _user);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($" gateway start --home {StateDirectory}\n", await File.ReadAllTextAsync(UnitFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_StateDirectoryUnderHome_RefusedAsUsage()
    {
        var run = await _cli.RunAsync("gateway", "service", "install", "--dry-run", "--state-dir", "/home/alice/gw");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("ProtectHome", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_InvalidUserName_RefusedAsUsage()
    {
        var run = await _cli.RunAsync("gateway", "service", "install", "--dry-run", "--user", "Root;rm");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("not a valid system user name", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AfterInstall_ReportsUserAndPrivateStateDirectory()
    {
        Assert.Equal(0, (await InstallAsync()).ExitCode);

        var run = await _cli.RunAsync("gateway", "service", "status", "--unit-dir", UnitDirectory, "--json");

        // No systemd here: installed, but neither enabled nor active can be asked; exit 0 (installed is all there is to check).
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = run.Json();
        Assert.True(json.GetProperty("installed").GetBoolean());
        Assert.False(json.GetProperty("systemd").GetBoolean());
        Assert.Equal(_user, json.GetProperty("user").GetString());
        Assert.True(json.GetProperty("userExists").GetBoolean());
        Assert.Equal(StateDirectory, json.GetProperty("stateDirectory").GetString());
        Assert.Equal(_user, json.GetProperty("stateDirectoryOwner").GetString());
        Assert.Equal("0700", json.GetProperty("stateDirectoryMode").GetString());
    }

    [Fact]
    public async Task Status_NotInstalled_ExitsOneWithTheInstallCommand()
    {
        var run = await _cli.RunAsync("gateway", "service", "status", "--unit-dir", UnitDirectory);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("sudo sigilum gateway service install", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_KeepsStateUnlessPurge()
    {
        Assert.Equal(0, (await InstallAsync()).ExitCode);

        var kept = await _cli.RunAsync("gateway", "service", "uninstall", "--unit-dir", UnitDirectory, "--json");

        Assert.True(kept.ExitCode == 0, kept.Stderr);
        Assert.True(kept.Json().GetProperty("removed").GetBoolean());
        Assert.False(File.Exists(UnitFile));
        Assert.True(Directory.Exists(StateDirectory));
        Assert.NotNull(SystemServices.FindUser(_user));

        Assert.Equal(0, (await InstallAsync()).ExitCode);
        var purged = await _cli.RunAsync("gateway", "service", "uninstall", "--unit-dir", UnitDirectory, "--purge", "--json");

        Assert.True(purged.ExitCode == 0, purged.Stderr);
        Assert.Equal(StateDirectory, purged.Json().GetProperty("purgedStateDirectory").GetString());
        Assert.False(Directory.Exists(StateDirectory));
        Assert.Null(SystemServices.FindUser(_user));
    }

    [Fact]
    public async Task Uninstall_NotRoot_Refuses()
    {
        _cli.Services = new ServiceSystem { IsPrivileged = () => false, UnitDirectory = UnitDirectory, SystemdRunDirectory = _cli.WorkDirectory };

        var run = await _cli.RunAsync("gateway", "service", "uninstall");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("sudo sigilum gateway service uninstall", run.Stderr, StringComparison.Ordinal);
    }
}
