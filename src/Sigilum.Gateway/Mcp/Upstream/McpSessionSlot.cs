namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>The session of one upstream key and the gate that lets one call at a time (re)initialise it.</summary>
internal sealed class McpSessionSlot : IDisposable
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The live session, or null before the first call and after one was found lost.</summary>
    public McpSession? Current { get; set; }

    public void Dispose() => Gate.Dispose();
}
