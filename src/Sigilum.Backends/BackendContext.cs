namespace Sigilum.Backends;

/// <summary>What a backend may use from its host: clock, environment and (in tests) a transport.</summary>
public sealed class BackendContext
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads the host process's environment (tests pass their own).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The HTTP transport for network backends; null = a pooled <c>SocketsHttpHandler</c>.</summary>
    public System.Net.Http.HttpMessageHandler? Handler { get; init; }
}
