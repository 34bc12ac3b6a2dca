using System.Diagnostics;
using System.Text.Json;
using Sigilum.Testing;

namespace Sigilum.Cli;

/// <summary>Runs the built <c>sigilum</c> executable as a real process: argument passing, stdio, exit codes.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempDirectory _home = new("sigilum-process-");

    public void Dispose() => _home.Dispose();

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? stdin, params string[] args)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "sigilum.exe" : "sigilum");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["SIGILUM_HOME"] = _home.Path;
        start.Environment.Remove("SIGILUM_NAMESPACE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Executable_InitSignVerifyPipeline_Succeeds()
    {
        var init = await RunAsync(null, "init", "alice", "--json");
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.True(JsonDocument.Parse(init.Stdout).RootElement.GetProperty("created").GetBoolean());

        var signed = await RunAsync(null, "sign", "POST", "https://example.test/v1/x", "--body", "{\"a\":1}", "--json");
        Assert.Equal(0, signed.ExitCode);

        var verified = await RunAsync(signed.Stdout, "verify", "--request-file", "-", "--max-age", "300");
        Assert.Equal(0, verified.ExitCode);
        Assert.StartsWith("valid: namespace alice", verified.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_RedirectedHumanOutput_HasNoAnsiEscapes()
    {
        await RunAsync(null, "init", "alice");

        var list = await RunAsync(null, "list");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("alice", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_UnknownNamespace_PrintsOneLineAndExitsNotFound()
    {
        var run = await RunAsync(null, "whoami", "--namespace", "nobody");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }
}
