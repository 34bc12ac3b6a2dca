using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Sigilum.Install;

/// <summary>
/// Issue 17 item 4 end to end, as a user without a checkout does it: scripts/install from a release folder into a tool path
/// of its own, the installed commands run from there, `sigilum update` from a second release restarts the stack it runs,
/// and rolls back when the new release's gateway cannot come up.
/// </summary>
public sealed class InstallAndUpdateTests(Packages packages) : IClassFixture<Packages>
{
    private string Install => Path.Combine(packages.RepositoryRoot, "scripts", "install");

    [Fact]
    public async Task Install_FromReleaseFolder_BothCommandsRunFromToolPath()
    {
        var toolPath = packages.NewDirectory("tools");

        var install = await packages.RunAsync(Install, null, "--from", packages.Feed1, "--tool-path", toolPath);

        Assert.True(install.ExitCode == 0, install.Stderr + install.Stdout);
        Assert.Contains("export PATH=", install.Stdout, StringComparison.Ordinal);
        var cli = await packages.RunAsync(Path.Combine(toolPath, "sigilum"), null, "--version");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.StartsWith("0.1.0", cli.Stdout.Trim(), StringComparison.Ordinal);
        var vault = await packages.RunAsync(Path.Combine(toolPath, "sigil-vault"), null, "--version");
        Assert.True(vault.ExitCode == 0, vault.Stderr);
        Assert.False(string.IsNullOrWhiteSpace(vault.Stdout));
        var versions = await VersionsAsync(toolPath, packages.NewDirectory("home"));
        Assert.Equal(packages.Version1, versions.GetProperty("cliPackage").GetString());
        Assert.Equal(toolPath, versions.GetProperty("toolPath").GetString());
        Assert.Equal(vault.Stdout.Trim(), versions.GetProperty("vaultCli").GetProperty("version").GetString());
        // Kept for an offline roll-back.
        Assert.True(File.Exists(Path.Combine(toolPath, ".sigilum-packages", $"Sigilum.Cli.{packages.Version1}.nupkg")));
        Assert.True(File.Exists(Path.Combine(toolPath, ".sigilum-packages", $"Sigilum.Vault.Cli.{packages.Version1}.nupkg")));
    }

    [Fact]
    public async Task Update_SecondVersion_RestartsStackWithNewVersion()
    {
        var toolPath = await InstallAsync(packages.Feed1);
        var home = packages.NewDirectory("home");
        await UpAsync(toolPath, home);
        try
        {
            var before = await VersionsAsync(toolPath, home);
            var gatewayBefore = Running(before, "gateway");
            Assert.Equal(packages.Version1, gatewayBefore.GetProperty("version").GetString());

            var update = await packages.RunAsync(Path.Combine(toolPath, "sigilum"), Home(home), "update", "--from", packages.Feed2, "--json");

            Assert.True(update.ExitCode == 0, update.Stderr + update.Stdout);
            var report = JsonDocument.Parse(update.Stdout).RootElement;
            Assert.True(report.GetProperty("ok").GetBoolean());
            Assert.Equal(new string?[] { "controlplane", "gateway" }, report.GetProperty("restarted").EnumerateArray().Select(r => r.GetProperty("component").GetString()));
            Assert.All(report.GetProperty("restarted").EnumerateArray(), r => Assert.True(r.GetProperty("healthy").GetBoolean()));
            var after = await VersionsAsync(toolPath, home);
            Assert.Equal(packages.Version2, after.GetProperty("cliPackage").GetString());
            var gatewayAfter = Running(after, "gateway");
            Assert.Equal(packages.Version2, gatewayAfter.GetProperty("version").GetString());
            Assert.NotEqual(gatewayBefore.GetProperty("pid").GetInt32(), gatewayAfter.GetProperty("pid").GetInt32());
            Assert.Equal(packages.Version2, Running(after, "controlplane").GetProperty("version").GetString());
            var vault = await packages.RunAsync(Path.Combine(toolPath, "sigil-vault"), null, "--version");
            Assert.Equal(0, vault.ExitCode);
            Assert.True(Directory.Exists(Path.Combine(toolPath, ".store", "sigilum.vault.cli", packages.Version2.ToLowerInvariant())));
        }
        finally
        {
            await DownAsync(toolPath, home);
        }
    }

    [Fact]
    public async Task Update_NewGatewayFailsHealthCheck_RollsBackToPreviousVersion()
    {
        var toolPath = await InstallAsync(packages.Feed2);
        var home = packages.NewDirectory("home");
        await UpAsync(toolPath, home);
        try
        {
            var update = await packages.RunAsync(Path.Combine(toolPath, "sigilum"), Home(home), "update", "--from", packages.BrokenFeed, "--json");

            Assert.Equal(1, update.ExitCode);
            var report = JsonDocument.Parse(update.Stdout).RootElement;
            Assert.Equal("UPDATE_ROLLED_BACK", report.GetProperty("code").GetString());
            Assert.True(report.GetProperty("rolledBack").GetBoolean());
            Assert.Contains("(UPDATE_ROLLED_BACK)", update.Stderr, StringComparison.Ordinal);
            var after = await VersionsAsync(toolPath, home);
            Assert.Equal(packages.Version2, after.GetProperty("cliPackage").GetString());
            var gateway = Running(after, "gateway");
            Assert.Equal(packages.Version2, gateway.GetProperty("version").GetString());
            using var http = new HttpClient();
            using var health = await http.GetAsync(new Uri(gateway.GetProperty("url").GetString() + "/health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            // Kept: the version running now and the one before; not the broken one.
            Assert.False(File.Exists(Path.Combine(toolPath, ".sigilum-packages", $"Sigilum.Cli.{packages.BrokenVersion}.nupkg")));
            Assert.True(File.Exists(Path.Combine(toolPath, ".sigilum-packages", $"Sigilum.Cli.{packages.Version2}.nupkg")));
        }
        finally
        {
            await DownAsync(toolPath, home);
        }
    }

    [Fact]
    public async Task Update_PackageIsNoTool_InstallFailedAndPreviousVersionStays()
    {
        var toolPath = await InstallAsync(packages.Feed1);
        var source = packages.NewDirectory("not-a-tool");
        // A well-formed package with the right id that dotnet tool refuses: it has no tools/ folder.
        using (var zip = System.IO.Compression.ZipFile.Open(Path.Combine(source, "Sigilum.Cli.9.0.0.nupkg"), System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("Sigilum.Cli.nuspec").Open());
            writer.Write("<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata>" +
                "<id>Sigilum.Cli</id><version>9.0.0</version><authors>test</authors><description>not a tool</description></metadata></package>");
        }

        var update = await packages.RunAsync(Path.Combine(toolPath, "sigilum"), Home(packages.NewDirectory("home")), "update", "--from", source);

        Assert.Equal(1, update.ExitCode);
        Assert.Contains("(UPDATE_INSTALL_FAILED)", update.Stderr, StringComparison.Ordinal);
        Assert.Equal(packages.Version1, (await VersionsAsync(toolPath, packages.NewDirectory("home"))).GetProperty("cliPackage").GetString());
    }

    private async Task<string> InstallAsync(string feed)
    {
        var toolPath = packages.NewDirectory("tools");
        var install = await packages.RunAsync(Install, null, "--from", feed, "--tool-path", toolPath);
        Assert.True(install.ExitCode == 0, install.Stderr + install.Stdout);
        return toolPath;
    }

    private async Task UpAsync(string toolPath, string home)
    {
        var up = await packages.RunAsync(Path.Combine(toolPath, "sigilum"), Home(home), "up", "--detach", "--namespace", "install-test",
            "--api-port", FreePort(), "--gateway-port", FreePort(), "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(up.ExitCode == 0, up.Stderr + up.Stdout);
    }

    private async Task DownAsync(string toolPath, string home) =>
        await packages.RunAsync(Path.Combine(toolPath, "sigilum"), Home(home), "down");

    private async Task<JsonElement> VersionsAsync(string toolPath, string home)
    {
        var versions = await packages.RunAsync(Path.Combine(toolPath, "sigilum"), Home(home, toolPath), "versions", "--json");
        Assert.True(versions.ExitCode == 0, versions.Stderr);
        return JsonDocument.Parse(versions.Stdout).RootElement;
    }

    private static JsonElement Running(JsonElement versions, string component) =>
        versions.GetProperty("running").EnumerateArray().Single(r => r.GetProperty("component").GetString() == component);

    /// <summary>The home, and the tool path first on PATH as the install script tells the user to set it.</summary>
    private static Dictionary<string, string> Home(string home, string? toolPath = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SIGILUM_HOME"] = home };
        if (toolPath is not null)
        {
            environment["PATH"] = toolPath + ":" + Environment.GetEnvironmentVariable("PATH");
        }
        return environment;
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
