using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

/// <summary>api stop, api status and down when nothing (or something stale) runs; the live case is the process test.</summary>
public sealed class ApiStopCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public ApiStopCommandTests() => _cli.UseNetwork();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Stop_NothingRunning_SaysSoAndSucceeds()
    {
        var run = await _cli.RunAsync("api", "stop");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("The control plane is not running", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_PidReusedByAnotherProcess_RemovesStaleFilesWithoutSignalling()
    {
        // Our own pid, but a start time that is not ours: what a pid reused after a crash looks like.
        var paths = new SigilumPaths(_cli.Home);
        new RunState
        {
            Pid = Environment.ProcessId, Url = "http://127.0.0.1:8787", Store = "sqlite",
            StartedAt = DateTimeOffset.UnixEpoch, ProcessStartedAt = DateTimeOffset.UnixEpoch,
        }.Write(paths);

        var run = await _cli.RunAsync("api", "stop", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("stale", run.Json().GetProperty("outcome").GetString());
        Assert.False(File.Exists(paths.ControlPlaneStateFile));
        Assert.False(File.Exists(paths.ControlPlanePidFile));
    }

    [Fact]
    public async Task Stop_ServerInsideThisProcess_RefusesToSignalItself()
    {
        StackTestSupport.WriteLiveState(_cli.Home, "http://127.0.0.1:8787");

        var run = await _cli.RunAsync("api", "stop");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Ctrl+C", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NothingRunning_ExitsCheckFailed()
    {
        var run = await _cli.RunAsync("api", "status", "--json");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.False(run.Json().GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task Status_RunningAndAnswering_ReportsHealthy()
    {
        await using var server = await TestControlPlane.StartAsync(_cli.Time);
        StackTestSupport.WriteLiveState(_cli.Home, server.Url);
        // The probe gives /health 2 s; a fresh server's first answer (JIT) can take longer on a loaded machine,
        // which is "slow", not "not answering". Answer once first so the test checks what it names.
        using (var warm = new HttpClient())
        {
            (await warm.GetAsync(new Uri(server.Url.TrimEnd('/') + "/health"))).EnsureSuccessStatusCode();
        }

        var run = await _cli.RunAsync("api", "status", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("healthy").GetBoolean());
        Assert.Equal(server.Url, json.GetProperty("url").GetString());
        Assert.Equal(Environment.ProcessId, json.GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task Status_RunningButNotAnswering_ExitsCheckFailed()
    {
        StackTestSupport.WriteLiveState(_cli.Home, "http://127.0.0.1:1");

        var run = await _cli.RunAsync("api", "status");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("not answering /health", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_NothingRunning_ReportsNotRunningForEachHost()
    {
        var run = await _cli.RunAsync("down", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("not-running", json.GetProperty("outcome").GetString());
        Assert.Empty(json.GetProperty("notAvailable").EnumerateArray());
        Assert.Equal("not-running", json.GetProperty("vault").GetProperty("outcome").GetString());
        Assert.Equal("not-running", json.GetProperty("gateway").GetProperty("outcome").GetString());
    }
}
