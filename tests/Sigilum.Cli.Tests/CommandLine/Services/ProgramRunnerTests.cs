using System.Diagnostics;
using Sigilum.Testing;

namespace Sigilum.CommandLine.Services;

/// <summary>The one way both CLIs run a program: output captured, environment to the child only, nothing left running.</summary>
public sealed class ProgramRunnerTests
{
    private static readonly Dictionary<string, string> NoEnvironment = new(StringComparer.Ordinal);

    [Fact]
    public async Task RunAsync_ProgramPrintsAndExits_ExitCodeOutputAndErrorCaptured()
    {
        var result = await ProgramRunner.RunAsync("sh", ["-c", "echo out; echo err >&2; exit 3"], NoEnvironment, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Output);
        Assert.Equal("err\n", result.Error);
    }

    [Fact]
    public async Task RunAsync_Environment_ReachesTheChildNotItsArguments()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SIGILUM_RUNNER_PROBE"] = "value-from-env" };

        var result = await ProgramRunner.RunAsync("sh", ["-c", "printf %s \"$SIGILUM_RUNNER_PROBE\""], environment, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal("value-from-env", result.Output);
    }

    [Fact]
    public async Task RunAsync_ProgramMissing_Exit127WithItsName()
    {
        var result = await ProgramRunner.RunAsync("/nonexistent/sigilum-no-such-program", [], NoEnvironment, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("sigilum-no-such-program", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramOutlivesTheTimeout_KilledAndCancelled()
    {
        using var marker = new TempDirectory();
        var pidFile = Path.Combine(marker.Path, "pid");

        // The child writes its pid, then would sleep far longer than the test; the timeout must end it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProgramRunner.RunAsync(
            "sh", ["-c", $"echo $$ > '{pidFile}'; exec sleep 300"], NoEnvironment, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(HasExited(pid), $"process {pid} is still running after the timeout");
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // Kill(entireProcessTree) has returned; a zombie not yet reaped by the runtime counts as gone.
            return process.HasExited || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
