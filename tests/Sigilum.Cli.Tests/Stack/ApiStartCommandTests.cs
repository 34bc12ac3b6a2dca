using System.Net;
using System.Runtime.Versioning;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

public sealed class ApiStartCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public ApiStartCommandTests() => _cli.UseNetwork();

    public void Dispose() => _cli.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Start_Foreground_ServesWritesRunStateAndCleansUpOnCancel()
    {
        var paths = new SigilumPaths(_cli.Home);

        var run = await _cli.RunForegroundAsync(async url =>
        {
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/health"))).StatusCode);
            var state = RunState.Read(paths)!;
            Assert.Equal(Remote.ApiUrl.Display(url), state.Url);
            Assert.False(state.Detached);
            Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(paths.ControlPlanePidFile));
        }, "api", "start", "--port", "0", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("sqlite", json.GetProperty("store").GetString());
        Assert.Equal(paths.ControlPlaneDirectory, json.GetProperty("dataDirectory").GetString());
        Assert.True(File.Exists(paths.DatabaseFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.MasterKeyFile));
        Assert.False(File.Exists(paths.ControlPlaneStateFile));
        Assert.Contains("Control plane stopped.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AlreadyRunningForThisHome_ExitsCheckFailed()
    {
        StackTestSupport.WriteLiveState(_cli.Home, "http://127.0.0.1:8787");

        var run = await _cli.RunAsync("api", "start", "--port", "0");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("already running at http://127.0.0.1:8787", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartDetach_AlreadyRunningForThisHome_ExitsCheckFailedWithoutStartingAProcess()
    {
        StackTestSupport.WriteLiveState(_cli.Home, "http://127.0.0.1:8787");

        var run = await _cli.RunAsync("api", "start", "--detach");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.False(File.Exists(new SigilumPaths(_cli.Home).ControlPlaneLog));
    }

    [Fact]
    public async Task Start_PortTaken_ExitsCheckFailedNamingThePort()
    {
        await using var other = await TestControlPlane.StartAsync(_cli.Time);
        var port = new Uri(other.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await _cli.RunAsync("api", "start", "--port", port);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        // One error line (server log lines from before the failure may precede it), never a stack trace.
        var error = Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith($"error: Cannot listen on http://127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("--port", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(new SigilumPaths(_cli.Home).ControlPlaneStateFile));
    }

    [Fact]
    public async Task Start_UnknownStore_IsUsageError()
    {
        var run = await _cli.RunAsync("api", "start", "--store", "mysql");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Start_PostgresWithoutConnectionString_IsUsageError()
    {
        var run = await _cli.RunAsync("api", "start", "--store", "postgres");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("SIGILUM_POSTGRES", run.Stderr, StringComparison.Ordinal);
    }
}
