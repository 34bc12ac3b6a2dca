using System.Diagnostics;
using System.Runtime.InteropServices;
using Sigilum.Testing;

namespace Sigilum.Storage.Sqlite;

/// <summary>docs/decisions/0004-sqlite-engine.md: the system library when it loads, the bundled engine otherwise.</summary>
public sealed class SqliteEngineTests
{
    [Fact]
    public void Engine_ThisProcess_IsTheSystemLibraryExactlyWhenOneLoads()
    {
        var systemPresent = NativeLibrary.TryLoad("libsqlite3.so.0", out var handle);
        if (systemPresent)
        {
            NativeLibrary.Free(handle);
        }

        Assert.Matches(@"^(system|bundled) 3\.\d+\.\d+$", SqliteSigilumStore.Engine);
        Assert.StartsWith(systemPresent && Environment.GetEnvironmentVariable("SIGILUM_SQLITE_LIBRARY") is null ? "system " : "bundled ", SqliteSigilumStore.Engine);
    }

    [Fact]
    public async Task Engine_BundledForced_RunsMigrationsNoncesAndClaims()
    {
        var line = await RunProbeAsync("bundled");

        Assert.Equal("bundled 3.35.5|Recorded|Replayed|Pending", line);
    }

    [Fact]
    public async Task Engine_SystemLibraryMissing_FallsBackToBundled()
    {
        var line = await RunProbeAsync("/nonexistent/libsqlite3.so.0");

        Assert.Equal("bundled 3.35.5|Recorded|Replayed|Pending", line);
    }

    private static async Task<string> RunProbeAsync(string library)
    {
        using var home = new TempDirectory("sigilum-storage-");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(Program.SqliteProbe);
        start.ArgumentList.Add(Path.Combine(home.Path, "probe.db"));
        start.Environment["SIGILUM_SQLITE_LIBRARY"] = library;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"probe exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }
}
