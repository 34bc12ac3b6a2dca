using Sigilum.CommandLine.Services;

namespace Sigilum.Cli.Update;

/// <summary>Which systemd units an update restarts: only those whose ExecStart runs a command of the installation updated.</summary>
public sealed class ServiceUnitTargetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sigilum-units-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Find_UnitsOfThisAndAnotherInstallation_OnlyThisOnesWithPort()
    {
        var installation = new ToolInstallation(Path.Combine(_root, "tools"), global: false);
        var units = Directory.CreateDirectory(Path.Combine(_root, "units")).FullName;
        File.WriteAllText(Path.Combine(units, "sigilum-gateway.service"),
            $"[Service]\nUser=sigilum-gateway\nExecStart={installation.ToolPath}/sigilum gateway start --home /var/lib/sigilum-gateway --port 38200\n");
        File.WriteAllText(Path.Combine(units, "sigil-vault.service"), "[Service]\nExecStart=/usr/local/lib/sigil-vault/sigil-vault start\n");
        var services = new ServiceSystem { UnitDirectory = units, SystemdRunDirectory = _root };

        var found = ServiceUnitTarget.Find(services, installation);

        var unit = Assert.Single(found);
        Assert.Equal("sigilum-gateway", unit.Unit);
        Assert.True(unit.IsGateway);
        Assert.Equal("http://127.0.0.1:38200", unit.HealthUrl);
    }

    [Fact]
    public void Find_QuotedExecStartWithoutPort_DefaultGatewayPort()
    {
        var installation = new ToolInstallation(Path.Combine(_root, "my tools"), global: false);
        var units = Directory.CreateDirectory(Path.Combine(_root, "units")).FullName;
        File.WriteAllText(Path.Combine(units, "sigilum-gateway.service"),
            $"[Service]\nExecStart=\"{installation.ToolPath}/sigilum\" gateway start --home /var/lib/sigilum-gateway\n");
        var services = new ServiceSystem { UnitDirectory = units, SystemdRunDirectory = _root };

        var unit = Assert.Single(ServiceUnitTarget.Find(services, installation));

        Assert.Equal("http://127.0.0.1:38100", unit.HealthUrl);
    }

    [Fact]
    public void Find_NoSystemd_NothingToRestart()
    {
        var installation = new ToolInstallation(Path.Combine(_root, "tools"), global: false);
        var units = Directory.CreateDirectory(Path.Combine(_root, "units")).FullName;
        File.WriteAllText(Path.Combine(units, "sigilum-gateway.service"), $"[Service]\nExecStart={installation.ToolPath}/sigilum gateway start\n");
        var services = new ServiceSystem { UnitDirectory = units, SystemdRunDirectory = Path.Combine(_root, "no-systemd") };

        Assert.Empty(ServiceUnitTarget.Find(services, installation));
    }
}
