namespace Sigilum.Gateway.Mcp;

/// <summary>How a request may use the stored tool list (spec §3.10).</summary>
internal enum McpRefreshMode
{
    /// <summary>Serve a fresh stored list; refresh a stale one, falling back to it within stale-if-error.</summary>
    Auto,

    /// <summary>Always ask the server; a failure is a failure.</summary>
    Force,
}
