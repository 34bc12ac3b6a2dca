namespace Sigilum.Vault.Cli;

/// <summary>Everything the CLI takes from its process, so tests run it in-process with their own environment and clock.</summary>
internal sealed record VaultCliEnvironment : Sigilum.CommandLine.ICommandLineEnvironment
{
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>The whole environment, inherited by the child of <c>run</c>.</summary>
    public Func<IReadOnlyDictionary<string, string>> ListVariables { get; init; } = () => new Dictionary<string, string>();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public bool OutputIsTerminal { get; init; }

    /// <summary>Transport for <c>trust add --jwks-url</c>.</summary>
    public Func<HttpMessageHandler> CreateHttpHandler { get; init; } = () => new SocketsHttpHandler();

    /// <summary>Called once <c>start</c> listens, with its port (tests act on the running proxy, then cancel).</summary>
    public Action<int>? ProxyReady { get; init; }

    /// <summary>Name resolution for <c>start</c>; null = DNS (tests map their own names to loopback).</summary>
    public Func<string, CancellationToken, Task<System.Net.IPAddress[]>>? Resolve { get; init; }

    /// <summary>The machine <c>service …</c> installs on (tests point its systemd and root checks elsewhere).</summary>
    public Sigilum.CommandLine.Services.ServiceSystem Services { get; init; } = Sigilum.CommandLine.Services.ServiceSystem.Real;

    public static VaultCliEnvironment FromProcess() => new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        ListVariables = () => Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => e.Value is string)
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal),
        OutputIsTerminal = !Console.IsOutputRedirected,
    };
}
