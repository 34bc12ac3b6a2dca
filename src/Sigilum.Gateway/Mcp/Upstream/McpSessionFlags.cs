namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>What one session's <see cref="McpCredentialHandler"/> learned that outlives a single call.</summary>
internal sealed class McpSessionFlags
{
    private volatile bool _useBearer;
    private volatile bool _responseTooLarge;

    /// <summary>The 401 fallback worked once: later requests of this session send <c>Bearer &lt;secret&gt;</c> straight away.</summary>
    public bool UseBearer
    {
        get => _useBearer;
        set => _useBearer = value;
    }

    /// <summary>An event on the session's background stream (SSE transport) was over the limit; the stream is gone.</summary>
    public bool ResponseTooLarge
    {
        get => _responseTooLarge;
        set => _responseTooLarge = value;
    }
}
