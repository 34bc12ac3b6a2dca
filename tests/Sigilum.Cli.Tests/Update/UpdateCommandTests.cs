using System.IO.Compression;

namespace Sigilum.Cli.Update;

/// <summary>
/// <c>sigilum update</c>'s refusals, each before anything changes, on a fake tool installation (a tool store directory and
/// kept packages); the real install, update and roll-back run in Sigilum.Install.Tests.
/// </summary>
public sealed class UpdateCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Update_SourceMissing_SourceNotFound()
    {
        var run = await _cli.RunAsync("update", "--from", Path.Combine(_cli.WorkDirectory, "nowhere"), "--tool-path", ToolPath("1.0.0"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("(UPDATE_SOURCE_NOT_FOUND)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_SourceNotAZip_SourceInvalid()
    {
        var source = Directory.CreateDirectory(Path.Combine(_cli.WorkDirectory, "release")).FullName;
        File.WriteAllText(Path.Combine(source, "Sigilum.Cli.2.0.0.nupkg"), "not a zip");

        var run = await _cli.RunAsync("update", "--from", source, "--tool-path", ToolPath("1.0.0"));

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Contains("(UPDATE_SOURCE_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_SourceWithoutSigilumPackage_SourceInvalid()
    {
        var source = Directory.CreateDirectory(Path.Combine(_cli.WorkDirectory, "release")).FullName;
        Package(source, "Other.Tool", "2.0.0");

        var run = await _cli.RunAsync("update", "--from", source, "--tool-path", ToolPath("1.0.0"));

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Contains("no Sigilum.Cli or Sigilum.Vault.Cli package (UPDATE_SOURCE_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_SourceWithTwoVersions_SourceInvalid()
    {
        var source = Directory.CreateDirectory(Path.Combine(_cli.WorkDirectory, "release")).FullName;
        Package(source, "Sigilum.Cli", "2.0.0");
        Package(source, "Sigilum.Cli", "3.0.0");

        var run = await _cli.RunAsync("update", "--from", source, "--tool-path", ToolPath("1.0.0"));

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Contains("several versions of Sigilum.Cli", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(UPDATE_SOURCE_INVALID)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_NotRunFromToolInstallation_NotInstalled()
    {
        // The test host runs the CLI from a build output, not from a tool store, and no --tool-path is given.
        var run = await _cli.RunAsync("update", "--from", Package(_cli.WorkDirectory, "Sigilum.Cli", "2.0.0"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(UPDATE_NOT_INSTALLED)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ToolPathWithoutSigilum_NotInstalled()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_cli.WorkDirectory, "empty-tools")).FullName;

        var run = await _cli.RunAsync("update", "--from", Package(_cli.WorkDirectory, "Sigilum.Cli", "2.0.0"), "--tool-path", empty);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(UPDATE_NOT_INSTALLED)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_PreviousPackageKeptNowhere_PreviousMissing()
    {
        var toolPath = ToolPath("1.0.0", keep: false);

        var run = await _cli.RunAsync("update", "--from", Package(_cli.WorkDirectory, "Sigilum.Cli", "2.0.0"), "--tool-path", toolPath);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("(UPDATE_PREVIOUS_MISSING)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_PreviousPackageInToolStore_DryRunPlansUpdate()
    {
        // dotnet tool keeps the installed .nupkg in its store: enough for a roll-back even without .sigilum-packages/.
        var toolPath = ToolPath("1.0.0", keep: false);
        var stored = Path.Combine(toolPath, ".store", "sigilum.cli", "1.0.0", "sigilum.cli", "1.0.0");
        Directory.CreateDirectory(stored);
        File.Copy(Package(_cli.WorkDirectory, "Sigilum.Cli", "1.0.0"), Path.Combine(stored, "sigilum.cli.1.0.0.nupkg"));

        var run = await _cli.RunAsync("update", "--from", Package(Path.Combine(_cli.WorkDirectory, "release"), "Sigilum.Cli", "2.0.0"), "--tool-path", toolPath, "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json().GetProperty("dryRun").GetBoolean());
    }

    [Fact]
    public async Task Update_DryRun_ReportsPlanAndChangesNothing()
    {
        var toolPath = ToolPath("1.0.0");
        var source = Directory.CreateDirectory(Path.Combine(_cli.WorkDirectory, "release")).FullName;
        // Ids and versions come from the .nuspec, not from the file name.
        File.Move(Package(source, "Sigilum.Cli", "2.0.0"), Path.Combine(source, "renamed.nupkg"));
        Package(source, "Sigilum.Vault.Cli", "2.0.0");

        var run = await _cli.RunAsync("update", "--from", source, "--tool-path", toolPath, "--dry-run", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("update", json.GetProperty("command").GetString());
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(toolPath, json.GetProperty("toolPath").GetString());
        var planned = json.GetProperty("packages").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("installed").GetString(), p.GetProperty("version").GetString()));
        Assert.Equal(new (string?, string?, string?)[] { ("Sigilum.Cli", "1.0.0", "2.0.0"), ("Sigilum.Vault.Cli", null, "2.0.0") }, planned);
        Assert.Empty(json.GetProperty("restart").EnumerateArray());
        Assert.Equal(new[] { "Sigilum.Cli.1.0.0.nupkg" }, Directory.GetFiles(Path.Combine(toolPath, ".sigilum-packages")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Update_SameVersionAsInstalled_AlreadyUpToDate()
    {
        var toolPath = ToolPath("1.0.0");

        var run = await _cli.RunAsync("update", "--from", Package(Path.Combine(_cli.WorkDirectory, "release"), "Sigilum.Cli", "1.0.0"), "--tool-path", toolPath);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Already up to date: Sigilum.Cli 1.0.0.", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A tool path as dotnet tool leaves it after installing Sigilum.Cli <paramref name="version"/>, with the package kept.</summary>
    private string ToolPath(string version, bool keep = true)
    {
        var toolPath = Path.Combine(_cli.WorkDirectory, "tools");
        Directory.CreateDirectory(Path.Combine(toolPath, ".store", "sigilum.cli", version));
        File.WriteAllText(Path.Combine(toolPath, "sigilum"), "shim");
        if (keep)
        {
            Package(Path.Combine(toolPath, ".sigilum-packages"), "Sigilum.Cli", version);
        }
        return toolPath;
    }

    /// <summary>A minimal package: only the .nuspec (all update reads before it calls dotnet tool).</summary>
    private static string Package(string directory, string id, string version)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{id}.{version}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry(id + ".nuspec").Open());
        writer.Write($"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{id}</id><version>{version}</version></metadata></package>");
        return path;
    }
}
