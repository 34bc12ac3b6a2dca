using System.Diagnostics;
using Sigilum.Testing;

namespace Sigilum.Cli.OpenClaw;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SigilumCliPathTests : IDisposable
{
    private readonly TempDirectory _temp = new("sigilum-clipath-");

    public void Dispose() => _temp.Dispose();

    private string Wrapper => Path.Combine(_temp.Path, "state", ".sigilum", "bin", "sigilum");

    [Fact]
    public void Resolve_Flag_WinsOverEverything()
    {
        var path = SigilumCliPath.Resolve("/opt/sigilum/bin/sigilum", "/usr/bin/sigilum", "/x/sigilum.dll", Wrapper);

        Assert.Equal("/opt/sigilum/bin/sigilum", path.Path);
        Assert.Null(path.Wrapper);
    }

    [Fact]
    public void Resolve_RunningAsTheSigilumProgram_NamesItself()
    {
        var path = SigilumCliPath.Resolve(null, "/home/u/.dotnet/tools/sigilum", "/home/u/.dotnet/tools/.store/sigilum.cli/1.0/tools/net10.0/any/sigilum.dll", Wrapper);

        Assert.Equal("/home/u/.dotnet/tools/sigilum", path.Path);
        Assert.Null(path.Wrapper);
    }

    [Fact]
    public void Resolve_DotnetFromACheckout_NamesTheCheckoutLauncher()
    {
        var root = Path.Combine(_temp.Path, "repo");
        var output = Path.Combine(root, "artifacts", "bin", "Sigilum.Cli", "release");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(root, "Sigilum.slnx"), "<Solution />");
        File.WriteAllText(Path.Combine(root, "sigilum"), "#!/usr/bin/env bash\n");

        var path = SigilumCliPath.Resolve(null, "/usr/share/dotnet/dotnet", Path.Combine(output, "sigilum.dll"), Wrapper);

        Assert.Equal(Path.Combine(root, "sigilum"), path.Path);
        Assert.Null(path.Wrapper);
    }

    [Fact]
    public async Task Resolve_DotnetElsewhere_WritesALauncherThatRuns()
    {
        // This test's own copy of the CLI, run as `dotnet sigilum.dll` through the launcher install writes.
        var dll = typeof(CliApp).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "/usr/share/dotnet/dotnet";
        var copy = Path.Combine(_temp.Path, "bin");
        Directory.CreateDirectory(copy);

        var path = SigilumCliPath.Resolve(null, dotnet, Path.Combine(copy, "sigilum.dll"), Wrapper);
        Assert.Equal(Wrapper, path.Path);
        Assert.Contains("exec '" + dotnet + "' '" + Path.Combine(copy, "sigilum.dll") + "' \"$@\"", System.Text.Encoding.UTF8.GetString(path.Wrapper!), StringComparison.Ordinal);

        // Now with the real assembly: the launcher must run the CLI.
        var real = SigilumCliPath.Resolve(null, dotnet, dll, Wrapper);
        Directory.CreateDirectory(Path.GetDirectoryName(Wrapper)!);
        File.WriteAllBytes(Wrapper, real.Wrapper!);
        File.SetUnixFileMode(Wrapper, Sigilum.Sdk.Identity.PrivateFiles.DirectoryMode);
        using var process = Process.Start(new ProcessStartInfo(Wrapper, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, stdout + stderr);
        Assert.False(string.IsNullOrWhiteSpace(stdout));
    }
}
