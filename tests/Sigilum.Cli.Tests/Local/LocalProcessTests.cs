using System.Diagnostics;

namespace Sigilum.Cli.Local;

public sealed class LocalProcessTests
{
    [Fact]
    public void IsAlive_CurrentProcessWithItsStartTime_IsTrue()
    {
        Assert.True(LocalProcess.IsAlive(Environment.ProcessId, LocalProcess.CurrentStartTime()));
    }

    [Fact]
    public void IsAlive_CurrentPidWithAnotherStartTime_IsFalse()
    {
        // What a pid reused by an unrelated process looks like from a stale pid file.
        Assert.False(LocalProcess.IsAlive(Environment.ProcessId, LocalProcess.CurrentStartTime().AddMinutes(-5)));
    }

    [Fact]
    public async Task StartTime_ExitedChild_IsNull()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 0"]) { UseShellExecute = false })!;
        await child.WaitForExitAsync();

        Assert.Null(LocalProcess.StartTime(child.Id));
    }
}
