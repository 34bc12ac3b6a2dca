using Sigilum.Testing;

namespace Sigilum.CommandLine.Services;

/// <summary>How the shared unit renderer quotes what it writes, and where the entry point comes from.</summary>
public sealed class SystemdUnitTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("https://cp.example/a%20b", "https://cp.example/a%%20b")]
    [InlineData("$HOME", "$$HOME")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("", "\"\"")]
    public void Quote_SpecialCharacters_KeptLiteral(string word, string expected) => Assert.Equal(expected, SystemdUnit.Quote(word));

    [Theory]
    [InlineData("/var/lib/sigilum-gateway", true)]
    [InlineData("relative/dir", false)]
    [InlineData("/var/lib/a b", false)]
    [InlineData("/var/lib/%n", false)]
    [InlineData("/var/lib/$x", false)]
    [InlineData("/var/lib/x;y", false)]
    public void IsPlainPath_OnlyAbsoluteWithoutUnitSyntax(string path, bool expected) => Assert.Equal(expected, SystemdUnit.IsPlainPath(path));

    [Theory]
    [InlineData("/var/lib/sigilum-gateway", "sigilum-gateway")]
    [InlineData("/var/lib/sigilum/gateway/", "sigilum/gateway")]
    [InlineData("/srv/sigilum", null)]
    [InlineData("/var/lib", null)]
    public void StateDirectoryName_OnlyUnderVarLib(string path, string? expected) => Assert.Equal(expected, SystemdUnit.StateDirectoryName(path));

    [Fact]
    public void Resolve_RunByDotnet_RunsTheDllWithThatDotnet()
    {
        var entry = ServiceEntryPoint.Resolve("sigilum", "/opt/sigilum/sigilum.dll", "/usr/share/dotnet/dotnet", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.1/");

        Assert.Equal("/usr/share/dotnet/dotnet", entry.Program);
        Assert.Equal(["/opt/sigilum/sigilum.dll"], entry.PrefixArguments);
        Assert.Equal("/usr/share/dotnet", entry.DotnetRoot);
    }

    [Fact]
    public void Resolve_RunAsTheApphost_RunsItself()
    {
        var entry = ServiceEntryPoint.Resolve("sigilum", "/usr/local/lib/sigilum/.store/x/sigilum.dll", "/usr/local/lib/sigilum/sigilum", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.1/");

        Assert.Equal("/usr/local/lib/sigilum/sigilum", entry.Program);
        Assert.Empty(entry.PrefixArguments);
    }

    [Fact]
    public void Problems_ToolUnderAHomeDirectory_NamedWithProtectHome()
    {
        var entry = new ServiceEntryPoint("/root/.dotnet/tools/sigilum", [], null);

        Assert.Contains(entry.Problems(), p => p.Contains("ProtectHome=yes", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_UnreadableByOthers_Named()
    {
        using var temp = new TempDirectory("sigilum-entry-");
        var program = Path.Combine(temp.Path, "sigilum");
        File.WriteAllText(program, "#!/bin/sh\n");
        // CreateTempSubdirectory makes the directory 0700: the service user could not enter it.
        var entry = new ServiceEntryPoint(program, [], null);

        Assert.Contains(entry.Problems(), p => p.Contains("not readable by other users", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_SystemProgram_None()
    {
        var entry = new ServiceEntryPoint("/bin/sh", [], null);

        Assert.Empty(entry.Problems());
    }
}
