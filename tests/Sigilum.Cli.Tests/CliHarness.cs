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
        // Doctor's 3 s probe deadline is for people; a loaded 2-core CI host can take longer to answer a loopback /health.
        Environment[Sigilum.Cli.Doctor.RemoteChecks.DeadlineVariable] = "30";
        // The machine's own units and systemd never leak into a test: units live in the temp dir, systemd "does not run".
        Services = new Sigilum.CommandLine.Services.ServiceSystem
        {
            UnitDirectory = Path.Combine(_temp.Path, "systemd-units"),
            SystemdRunDirectory = Path.Combine(_temp.Path, "no-systemd"),
        };
    }

    /// <summary>The machine <c>gateway service …</c> and doctor see (see <see cref="CliEnvironment.Services"/>).</summary>
    public Sigilum.CommandLine.Services.ServiceSystem Services { get; set; }

    public string Home { get; }

    public string WorkDirectory => _temp.Path;

    public Dictionary<string, string> Environment { get; } = [];

    public FakeTimeProvider Time { get; } = new(1_700_000_000);

    public byte[] StandardInput { get; set; } = [];

    public Func<HttpMessageHandler> CreateHttpHandler { get; set; } = () => throw new InvalidOperationException("No transport in this test.");

    /// <summary>Called when a foreground <c>up</c> / <c>api start</c> serves (see <see cref="CliEnvironment.ServerReady"/>).</summary>
    public Action<Uri>? ServerReady { get; set; }

    /// <summary>Real loopback HTTP for commands that talk to a control plane.</summary>
    public void UseNetwork() => CreateHttpHandler = () => new SocketsHttpHandler();

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Runs with a token the test cancels to stop a foreground server (as Ctrl+C would).</summary>
    public async Task<CliRun> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment
        {
            GetVariable = name => Environment.GetValueOrDefault(name),
            ListVariables = () => Environment.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)),
            Time = Time,
            CurrentDirectory = WorkDirectory,
            OpenStandardInput = () => new MemoryStream(StandardInput),
            CreateHttpHandler = CreateHttpHandler,
            ServerReady = ServerReady,
            Services = Services,
        };
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, environment, cancellationToken);
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
