using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Sigilum.Cli.Local;
using Sigilum.Testing;

namespace Sigilum.Cli.Stack;

/// <summary>
/// `api start --detach`, `api status` and `api stop` as real processes (the built sigilum.dll run by dotnet): the
/// background server must outlive the command that started it, answer, and stop on request.
/// </summary>
public sealed class BackgroundServerProcessTests : IDisposable
{
    private readonly TempDirectory _home = new("sigilum-detach-");

    private SigilumPaths Paths => new(_home.Path);

    /// <summary>Whatever happened in the test, no background server is left running.</summary>
    public void Dispose()
    {
        foreach (var kind in new[] { ServerKind.Vault, ServerKind.Gateway, ServerKind.ControlPlane })
        {
            if (RunState.Read(Paths, kind) is { IsAlive: true } state && state.Pid != Environment.ProcessId)
            {
                LocalProcess.ForceKill(state.Pid);
            }
        }
        _home.Dispose();
    }

    private async Task<(int ExitCode, JsonElement Json, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sigilum.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "SIGILUM_API_URL", "SIGILUM_API_PORT", "SIGILUM_STORE", "SIGILUM_POSTGRES", "SIGILUM_NAMESPACE" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["SIGILUM_HOME"] = _home.Path;
        start.Environment["USER"] = "detached";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        using var json = JsonDocument.Parse(output.Length == 0 ? "{}" : output);
        return (process.ExitCode, json.RootElement.Clone(), await stderr);
    }

    [Fact]
    public async Task ApiStartDetach_ThenStatusAndStop_RunsAndStopsARealBackgroundServer()
    {
        var started = await RunAsync("api", "start", "--detach", "--port", "0", "--json");

        Assert.True(started.ExitCode == 0, started.Stderr);
        var url = new Uri(started.Json.GetProperty("url").GetString()!);
        var pid = started.Json.GetProperty("pid").GetInt32();
        Assert.True(started.Json.GetProperty("detached").GetBoolean());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/health"))).StatusCode);
        Assert.NotNull(LocalProcess.StartTime(pid));

        var status = await RunAsync("api", "status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.True(status.Json.GetProperty("healthy").GetBoolean());
        Assert.Equal(pid, status.Json.GetProperty("pid").GetInt32());

        var stopped = await RunAsync("api", "stop", "--json");
        Assert.Equal(0, stopped.ExitCode);
        Assert.Equal("stopped", stopped.Json.GetProperty("outcome").GetString());
        Assert.Null(LocalProcess.StartTime(pid));
        Assert.False(File.Exists(Paths.ControlPlaneStateFile));
        Assert.False(File.Exists(Paths.ControlPlanePidFile));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(url, "/health")));
        var log = await File.ReadAllTextAsync(Paths.ControlPlaneLog);
        Assert.Contains("Control plane ready", log, StringComparison.Ordinal);
        Assert.Contains("Control plane stopped.", log, StringComparison.Ordinal);

        var again = await RunAsync("api", "stop", "--json");
        Assert.Equal("not-running", again.Json.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task UpDetach_StartsVaultInTheBackground_DoctorSeesIt_DownStopsIt_CheckpointsWitnessed()
    {
        var up = await RunAsync("up", "--detach", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");

        Assert.True(up.ExitCode == 0, up.Stderr);
        Assert.Contains("vault", up.Json.GetProperty("started").EnumerateArray().Select(e => e.GetString()));
        var vaultJson = up.Json.GetProperty("vault");
        Assert.Equal("background", vaultJson.GetProperty("mode").GetString());
        Assert.StartsWith("vt_", vaultJson.GetProperty("nodeId").GetString(), StringComparison.Ordinal);
        var vault = RunState.Read(Paths, ServerKind.Vault)!;
        var controlPlane = RunState.Read(Paths)!;
        Assert.True(vault.Detached);
        Assert.NotEqual(controlPlane.Pid, vault.Pid);
        Assert.Equal(vault.Pid, vaultJson.GetProperty("pid").GetInt32());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(vault.AdminUrl + "/health"))).StatusCode);

        var doctor = await RunAsync("doctor", "--json");
        var check = doctor.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("label").GetString() == "vault");
        Assert.Equal("OK", check.GetProperty("status").GetString());

        var down = await RunAsync("down", "--json");
        Assert.Equal(0, down.ExitCode);
        Assert.Equal("stopped", down.Json.GetProperty("vault").GetProperty("outcome").GetString());
        Assert.Null(LocalProcess.StartTime(vault.Pid));
        Assert.False(File.Exists(Paths.StateFile(ServerKind.Vault)));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(vault.AdminUrl + "/health")));
        // Stopped while the control plane still ran: its final checkpoint was witnessed, answered with the pinned key (ADR 0024).
        using var pairing = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_home.Path, "vault", "witness.json")));
        Assert.True(pairing.RootElement.GetProperty("last_sent_seq").GetInt64() > 0);
        Assert.Contains("Vault stopped.", await File.ReadAllTextAsync(Paths.LogFile(ServerKind.Vault)), StringComparison.Ordinal);
    }
}
