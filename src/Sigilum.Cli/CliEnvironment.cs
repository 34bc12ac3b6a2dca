namespace Sigilum.Cli;

/// <summary>
/// Everything the CLI takes from its process, so tests run it in-process with their own environment,
/// clock, standard input and HTTP transport.
/// </summary>
internal sealed record CliEnvironment : Sigilum.CommandLine.ICommandLineEnvironment
{
    /// <summary>Environment lookup (SIGILUM_HOME, SIGILUM_NAMESPACE, NO_COLOR…).</summary>
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>All environment variables, for <c>SIGILUM_ControlPlane__…</c> configuration keys.</summary>
    public Func<IEnumerable<KeyValuePair<string, string?>>> ListVariables { get; init; } = () => [];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Base for relative file paths.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Opens standard input, read by <c>--body-file -</c> and <c>--request-file -</c> (bytes, not text).</summary>
    public Func<Stream> OpenStandardInput { get; init; } = () => Stream.Null;

    /// <summary>True when stdout is a terminal: enables colour and the terminal's width for tables.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>The transport under the signing handler for <c>sigilum request</c>.</summary>
    public Func<HttpMessageHandler> CreateHttpHandler { get; init; } = () => new SocketsHttpHandler();

    /// <summary>
    /// Called once a foreground <c>up</c> or <c>api start</c> serves requests, with its URL; tests use it to act on
    /// the running server and then cancel the run.
    /// </summary>
    public Action<Uri>? ServerReady { get; init; }

    /// <summary>The machine <c>gateway service …</c> installs on (tests point its systemd and root checks elsewhere).</summary>
    public Sigilum.CommandLine.Services.ServiceSystem Services { get; init; } = Sigilum.CommandLine.Services.ServiceSystem.Real;

    public static CliEnvironment FromProcess() => new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        ListVariables = () => Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string)),
        OpenStandardInput = Console.OpenStandardInput,
        OutputIsTerminal = !Console.IsOutputRedirected,
    };
}
