using Sigilum.Testing;

namespace Sigilum.Cli;

/// <summary>Runs the CLI in-process against a temp home, a fake clock and an optional fake transport.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDirectory _temp = new("sigilum-cli-test-");

    public CliHarness()
    {
        Home = Path.Combine(_temp.Path, "home");
        Environment["SIGILUM_HOME"] = Home;
    }

    public string Home { get; }

    public string WorkDirectory => _temp.Path;

    public Dictionary<string, string> Environment { get; } = [];

    public FakeTimeProvider Time { get; } = new(1_700_000_000);

    public byte[] StandardInput { get; set; } = [];

    public Func<HttpMessageHandler> CreateHttpHandler { get; set; } = () => throw new InvalidOperationException("No transport in this test.");

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment
        {
            GetVariable = name => Environment.GetValueOrDefault(name),
            Time = Time,
            CurrentDirectory = WorkDirectory,
            OpenStandardInput = () => new MemoryStream(StandardInput),
            CreateHttpHandler = CreateHttpHandler,
        };
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, environment);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Copies the public reference fixture identity (namespace fixture-alice) into the home.</summary>
    public void InstallFixtureIdentity()
    {
        var dir = Path.Combine(Home, "identities", "fixture-alice");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "identity.json");
        File.WriteAllText(path, TestData.FixtureIdentityJson);
        if (!OperatingSystem.IsWindows())
        {
            // As `sigilum init` would have left it; a wider mode makes commands warn on stderr.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public string WriteFile(string name, string contents)
    {
        var path = Path.Combine(WorkDirectory, name);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose() => _temp.Dispose();
}
