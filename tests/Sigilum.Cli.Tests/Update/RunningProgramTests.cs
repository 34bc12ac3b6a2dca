using System.Text;

namespace Sigilum.Cli.Update;

/// <summary>What an update reads from /proc about a running server (a fake /proc here): arguments, settings, version.</summary>
public sealed class RunningProgramTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("sigilum-proc-").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void Read_ToolInstalledGateway_ArgumentsSettingsAndPackageVersion()
    {
        Process(42,
            ["/home/u/.local/share/sigilum/tools/sigilum", "gateway", "start", "--port", "38100", "--home", "/home/u/.sigilum", "--daemon"],
            ["PATH=/usr/bin", "SIGILUM_HOME=/home/u/.sigilum", "SIGILUM_GATEWAY_POSTGRES=Host=db", "GATEWAY_ADDR=:38100", "AWS_SECRET_ACCESS_KEY=x"],
            "7f00-7f10 r--s 00000000 08:01 123 /home/u/.local/share/sigilum/tools/.store/sigilum.cli/2.0.0/sigilum.cli/2.0.0/tools/net10.0/any/sigilum.dll\n");

        var program = RunningProgram.Read(42, _proc);

        Assert.NotNull(program);
        Assert.Equal(new[] { "gateway", "start", "--port", "38100", "--home", "/home/u/.sigilum", "--daemon" }, program.Arguments);
        // Only the variables that configure a server travel to its restart.
        Assert.Equal(new[] { "GATEWAY_ADDR", "SIGILUM_GATEWAY_POSTGRES", "SIGILUM_HOME" }, program.Settings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2.0.0", program.Version);
        Assert.False(program.Replaced);
    }

    [Fact]
    public void Read_DeletedAssemblyUnderDotnet_Replaced()
    {
        Process(43,
            ["/usr/share/dotnet/dotnet", "/opt/tools/.store/sigilum.cli/1.0.0/sigilum.cli/1.0.0/tools/net10.0/any/sigilum.dll", "api", "start"],
            [],
            "7f00-7f10 r--s 00000000 08:01 123 /opt/tools/.store/sigilum.cli/1.0.0/sigilum.cli/1.0.0/tools/net10.0/any/sigilum.dll (deleted)\n");

        var program = RunningProgram.Read(43, _proc);

        Assert.NotNull(program);
        Assert.Equal(new[] { "api", "start" }, program.Arguments);
        Assert.Equal("1.0.0", program.Version);
        Assert.True(program.Replaced);
    }

    [Fact]
    public void Read_NotSigilum_Null()
    {
        Process(44, ["/usr/bin/sleep", "30"], [], string.Empty);

        Assert.Null(RunningProgram.Read(44, _proc));
    }

    [Fact]
    public void Read_NoSuchProcess_Null() => Assert.Null(RunningProgram.Read(45, _proc));

    private void Process(int pid, string[] cmdline, string[] environ, string maps)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllBytes(Path.Combine(directory, "cmdline"), Encoding.UTF8.GetBytes(string.Join('\0', cmdline) + "\0"));
        File.WriteAllBytes(Path.Combine(directory, "environ"), Encoding.UTF8.GetBytes(string.Join('\0', environ) + "\0"));
        File.WriteAllText(Path.Combine(directory, "maps"), maps);
    }
}
