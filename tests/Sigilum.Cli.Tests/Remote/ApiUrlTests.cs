using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;
using Sigilum.Testing;

namespace Sigilum.Cli.Remote;

public sealed class ApiUrlTests : IDisposable
{
    private readonly TempDirectory _home = new("sigilum-apiurl-");
    private readonly Dictionary<string, string> _variables = [];

    public void Dispose() => _home.Dispose();

    private Uri Resolve(string? flag)
    {
        var environment = new CliEnvironment { GetVariable = _variables.GetValueOrDefault };
        var context = new CliContext(environment, new CliOutput(TextWriter.Null, TextWriter.Null, environment));
        return ApiUrl.Resolve(context, flag, new SigilumPaths(_home.Path));
    }

    [Fact]
    public void Resolve_Nothing_IsLocalDefault() => Assert.Equal("http://127.0.0.1:8787", ApiUrl.Display(Resolve(null)));

    [Fact]
    public void Resolve_RunningControlPlane_IsItsUrl()
    {
        StackTestSupport.WriteLiveState(_home.Path, "http://127.0.0.1:9999");

        Assert.Equal("http://127.0.0.1:9999", ApiUrl.Display(Resolve(null)));
    }

    [Fact]
    public void Resolve_EnvironmentAndRunningControlPlane_EnvironmentWins()
    {
        StackTestSupport.WriteLiveState(_home.Path, "http://127.0.0.1:9999");
        _variables["SIGILUM_API_URL"] = "https://cp.example.test/";

        Assert.Equal("https://cp.example.test", ApiUrl.Display(Resolve(null)));
    }

    [Fact]
    public void Resolve_FlagAndEnvironment_FlagWins()
    {
        _variables["SIGILUM_API_URL"] = "https://cp.example.test";

        Assert.Equal("http://10.0.0.5:8787/base", ApiUrl.Display(Resolve("http://10.0.0.5:8787/base/")));
    }

    [Theory]
    [InlineData("cp.example.test")]
    [InlineData("ftp://cp.example.test")]
    [InlineData("https://cp.example.test/?x=1")]
    [InlineData("https://user:pw@cp.example.test")]
    public void Parse_NotAPlainHttpUrl_IsUsageError(string text)
    {
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => ApiUrl.Parse(text)).ExitCode);
    }

    [Fact]
    public void Key_DefaultPortAndCase_AreNormalised()
    {
        Assert.Equal(ApiUrl.Key(new Uri("HTTPS://CP.Example.test/")), ApiUrl.Key(new Uri("https://cp.example.test:443")));
    }
}
