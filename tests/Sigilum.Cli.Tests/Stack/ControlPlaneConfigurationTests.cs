using Sigilum.Cli.Local;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.Cli.Stack;

/// <summary>Settings layering: defaults → appsettings.json → --config → SIGILUM_ControlPlane__* → flags.</summary>
public sealed class ControlPlaneConfigurationTests : IDisposable
{
    private readonly Sigilum.Testing.TempDirectory _home = new();
    private readonly Dictionary<string, string> _variables = [];

    public void Dispose() => _home.Dispose();

    private (CliContext Context, SigilumPaths Paths) Create()
    {
        var environment = new CliEnvironment
        {
            GetVariable = name => _variables.GetValueOrDefault(name),
            ListVariables = () => _variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)),
            CurrentDirectory = _home.Path,
        };
        var context = new CliContext(environment, new CliOutput(TextWriter.Null, TextWriter.Null, environment));
        return (context, new SigilumPaths(_home.Path));
    }

    private string Write(string relative, string json)
    {
        var path = Path.Combine(_home.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Load_NothingConfigured_GivesTheDefaults()
    {
        var (context, paths) = Create();

        var options = ControlPlaneConfiguration.Load(context, paths, configFile: null);

        Assert.Equal(RegistrationPolicy.Loopback, options.Registration);
        Assert.Equal(30, options.OwnerTokenDays);
    }

    [Fact]
    public void Load_Layers_LaterSourcesWin()
    {
        var (context, paths) = Create();
        Write("controlplane/appsettings.json", """{"ControlPlane": {"Registration": "Closed", "OwnerTokenDays": 7, "StreamKeepAliveSeconds": 20}}""");
        var config = Write("extra.json", """{"ControlPlane": {"Registration": "Open", "OwnerTokenDays": 9}}""");
        _variables["SIGILUM_ControlPlane__OwnerTokenDays"] = "11";
        _variables["SIGILUM_ControlPlane__Webhooks__AllowPrivateTargets"] = "true";
        _variables["SIGILUM_STORE"] = "postgres";

        var options = ControlPlaneConfiguration.Load(context, paths, config);

        Assert.Equal(RegistrationPolicy.Open, options.Registration);
        Assert.Equal(11, options.OwnerTokenDays);
        Assert.Equal(20, options.StreamKeepAliveSeconds);
        Assert.True(options.Webhooks.AllowPrivateTargets);
        Assert.Equal("sqlite", options.Store);
    }

    [Fact]
    public void Load_MissingConfigFile_IsAUsageError()
    {
        var (context, paths) = Create();

        var error = Assert.Throws<CliException>(() => ControlPlaneConfiguration.Load(context, paths, Path.Combine(_home.Path, "nope.json")));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"ControlPlane": {"OwnerTokenDays": "many"}}""")]
    [InlineData("""{"ControlPlane": {"Registration": "sometimes"}}""")]
    public void Load_InvalidSettings_IsAUsageErrorWithAReason(string json)
    {
        var (context, paths) = Create();
        var config = Write("bad.json", json);

        var error = Assert.Throws<CliException>(() => ControlPlaneConfiguration.Load(context, paths, config));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("invalid", error.Message, StringComparison.Ordinal);
    }
}
