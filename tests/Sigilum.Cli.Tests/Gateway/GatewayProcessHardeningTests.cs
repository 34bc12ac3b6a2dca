using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Sigilum.CommandLine.Services;
using Sigilum.Testing;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// Reliability MEM-03: a real gateway (the built sigilum.dll, started as uid 65534 so "non-dumpable" is visible from
/// outside) makes itself non-dumpable and turns core dumps off at start, and says so in its posture line; doctor reads
/// the same posture from /proc. The kernel gives a non-dumpable process's /proc files to root (proc(5)), which is how
/// this test — and any other process — can tell; the control process (plain `sleep` as the same user) keeps its own.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class GatewayProcessHardeningTests : IDisposable
{
    private readonly TempDirectory _home = new("sigilum-mem03-");
    private readonly CliHarness _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        _home.Dispose();
    }

    private static string Pid(Process process) => process.Id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task MEM_03_GatewayStartedAsAnotherUser_IsNonDumpableWithCoreDumpsOff()
    {
        SystemServices.GiveToNobody(_home.Path);
        using var gateway = SystemServices.StartAsNobody("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sigilum.dll"), "gateway", "start", "--port", "0", "--namespace", "alice", "--api-url", "http://127.0.0.1:1", "--home", _home.Path],
            new Dictionary<string, string> { ["HOME"] = _home.Path, ["SIGILUM_HOME"] = _home.Path, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        using var control = SystemServices.StartAsNobody("sleep", ["60"], new Dictionary<string, string>());
        var stderr = new StringBuilder();
        var stderrDone = Task.Run(async () =>
        {
            while (await gateway.StandardError.ReadLineAsync() is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }
            }
        });
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do
            {
                line = await gateway.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && !line.Contains("Gateway ready", StringComparison.Ordinal));
            Assert.True(line is not null, "the gateway exited before serving: " + stderr);

            var process = ProcessIdentity.Read(gateway.Id)!;
            Assert.Equal(SystemServices.NobodyId, process.Uid);
            Assert.Equal(0, UnixFileStatus.TryRead($"/proc/{Pid(gateway)}/status")!.Uid);
            Assert.True(process.IsNonDumpable());
            Assert.Equal(0, process.CoreLimit());
            // Only the gateway's own hardening differs: the same user's plain process stays dumpable.
            Assert.Equal(SystemServices.NobodyId, UnixFileStatus.TryRead($"/proc/{Pid(control)}/status")!.Uid);
            Assert.False(ProcessIdentity.Read(control.Id)!.IsNonDumpable());
            lock (stderr)
            {
                Assert.Contains($"Gateway posture: process: uid {SystemServices.NobodyId}, non-dumpable, core dumps off", stderr.ToString(), StringComparison.Ordinal);
            }

            // doctor finds the gateway by its run state and reports the same posture from /proc.
            _cli.UseNetwork();
            _cli.Environment["SIGILUM_HOME"] = _home.Path;
            _cli.Environment["SIGILUM_API_URL"] = "http://127.0.0.1:1";
            var doctor = (await _cli.RunAsync("doctor", "--json")).Json();
            var checks = doctor.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("label").GetString()!, c => c.GetProperty("status").GetString());
            Assert.Equal("OK", checks["gateway process user"]);
            Assert.Equal("OK", checks["gateway process core dumps"]);
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            control.Kill();
            await gateway.WaitForExitAsync();
            await control.WaitForExitAsync();
            await stderrDone;
        }
    }

    [Fact]
    public async Task Doctor_GatewayProcessRunsAsRoot_FailsWithServiceInstallFix()
    {
        // The test process runs as root: record it as this home's running gateway, as `gateway start` would.
        var paths = new Local.SigilumPaths(_cli.Home);
        Directory.CreateDirectory(paths.RunDirectory);
        new Local.RunState
        {
            Pid = Environment.ProcessId,
            Url = "http://127.0.0.1:1",
            Store = "sqlite",
            StartedAt = _cli.Time.GetUtcNow(),
            ProcessStartedAt = Local.LocalProcess.CurrentStartTime(),
        }.Write(paths, Local.ServerKind.Gateway);
        _cli.UseNetwork();
        _cli.Environment["SIGILUM_API_URL"] = "http://127.0.0.1:1";

        var doctor = await _cli.RunAsync("doctor", "--json");

        Assert.Equal(ExitCodes.CheckFailed, doctor.ExitCode);
        var check = doctor.Json().GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("label").GetString() == "gateway process user");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("runs as root", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sudo sigilum gateway service install", check.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }
}
