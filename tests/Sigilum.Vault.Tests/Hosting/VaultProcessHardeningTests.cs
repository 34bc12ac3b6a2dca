using System.Globalization;
using System.Runtime.Versioning;
using Sigilum.CommandLine.Services;
using Sigilum.Testing;
using Sigilum.Vault.Cli;

namespace Sigilum.Vault.Hosting;

/// <summary>
/// Reliability MEM-03 for the vault: the real <c>sigil-vault start</c> (the built dll, as uid 65534 so the flag is
/// visible from outside) makes itself non-dumpable with core dumps off before it loads the CA and node keys, and its
/// posture line says so. The kernel gives a non-dumpable process's /proc files to root (proc(5)).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class VaultProcessHardeningTests : IDisposable
{
    private readonly TempDirectory _home = new("sigil-vault-mem03-");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task MEM_03_VaultStartedAsAnotherUser_IsNonDumpableWithCoreDumpsOff()
    {
        var (initExit, _, initError) = await new CliRunner(_home.Path).RunAsync("init");
        Assert.True(initExit == 0, initError);
        SystemServices.GiveToNobody(_home.Path);
        using var vault = SystemServices.StartAsNobody("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sigil-vault.dll"), "start", "--port", "0", "--home", _home.Path],
            new Dictionary<string, string> { ["HOME"] = _home.Path, ["SIGILUM_HOME"] = _home.Path, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var stderr = vault.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do
            {
                line = await vault.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && !line.Contains("listening on", StringComparison.Ordinal));
            Assert.True(line is not null, "the vault exited before listening");

            var process = ProcessIdentity.Read(vault.Id)!;
            Assert.Equal(SystemServices.NobodyId, process.Uid);
            Assert.Equal(0, UnixFileStatus.TryRead($"/proc/{vault.Id.ToString(CultureInfo.InvariantCulture)}/status")!.Uid);
            Assert.True(process.IsNonDumpable());
            Assert.Equal(0, process.CoreLimit());
            Assert.Contains($"process: uid {SystemServices.NobodyId}, non-dumpable, core dumps off", line, StringComparison.Ordinal);
        }
        finally
        {
            vault.Kill(entireProcessTree: true);
            await vault.WaitForExitAsync();
        }
        Assert.DoesNotContain("runs as root", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MEM_03_PostureOfRoot_IsWeakAndSaysSo()
    {
        var posture = new Sigilum.Core.Processes.ProcessPosture(Supported: true, NonDumpable: true, CoreLimitZero: true, Uid: 0, IdentitiesOwnerUid: null, IdentitiesDirectory: null);

        Assert.True(posture.IsWeak);
        Assert.Contains("ROOT", posture.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void MEM_03_PostureOfTheAgentsUser_IsWeakAndNamesTheIdentities()
    {
        var posture = new Sigilum.Core.Processes.ProcessPosture(true, true, true, Uid: 1000, IdentitiesOwnerUid: 1000, IdentitiesDirectory: "/home/a/.sigilum/identities");

        Assert.True(posture.IsWeak);
        Assert.Contains("SAME USER as the agent identities in /home/a/.sigilum/identities", posture.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void MEM_03_PostureOfItsOwnUser_IsNotWeak()
    {
        var posture = new Sigilum.Core.Processes.ProcessPosture(true, true, true, Uid: 998, IdentitiesOwnerUid: 1000, IdentitiesDirectory: "/var/lib/x/identities");

        Assert.False(posture.IsWeak);
        Assert.Equal("process: uid 998, non-dumpable, core dumps off", posture.Describe());
    }
}
