using System.Net;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// What one RPC attempt carries into <see cref="McpCredentialHandler"/> and what the handler reports back. The SDK
/// builds its own <see cref="HttpRequestMessage"/>s, so the credential of the current call cannot travel on the
/// request: it flows in this async-local instead, and so never enters the SDK's options. A context is
/// <see cref="Close">closed</see> when its call returns, so a request the SDK sends later on its own (a background
/// stream, a dispose) gets no credential at all.
/// </summary>
internal sealed class McpCallContext
{
    private static readonly AsyncLocal<McpCallContext?> CurrentContext = new();

    private volatile bool _open = true;

    public McpCallContext(McpUpstreamTarget target) => Target = target;

    public static McpCallContext? Current => CurrentContext.Value is { _open: true } context ? context : null;

    public McpUpstreamTarget Target { get; }

    /// <summary>Status of the last upstream answer that was not a success (null: none, or no answer).</summary>
    public HttpStatusCode? FailedStatus { get; set; }

    /// <summary>The server said it does not know our session (404 with a session id, or a known wording).</summary>
    public bool SessionLost { get; set; }

    /// <summary>A response was larger than the limit and was cut off.</summary>
    public bool ResponseTooLarge { get; set; }

    /// <summary>The server sent the client to another origin (SSE <c>endpoint</c> event); nothing was sent there.</summary>
    public bool CrossOrigin { get; set; }

    /// <summary>Installs this context for the caller's async flow until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var previous = CurrentContext.Value;
        CurrentContext.Value = this;
        return new Scope(this, previous);
    }

    public void Close() => _open = false;

    /// <summary>Restores the previous context and closes this one.</summary>
    internal readonly struct Scope(McpCallContext context, McpCallContext? previous) : IDisposable
    {
        public void Dispose()
        {
            context.Close();
            CurrentContext.Value = previous;
        }
    }
}
