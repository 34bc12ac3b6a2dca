namespace Sigilum.Cli.Mcp;

/// <summary>
/// Brute-force brake on the bridge's bearer token, the shape of the gateway's admin-token brake (ADM-04): after
/// <see cref="MaxFailures"/> wrong tokens within <see cref="Window"/>, no token is compared until the window that began
/// with the first of them has passed (429 <c>MCP_BRIDGE_TOKEN_RATE_LIMITED</c>), so a lucky guess while locked is not
/// told apart from a wrong one. One counter for all clients rather than one per address: the listener is loopback
/// only, every client is 127.0.0.1, and an address would tell nothing apart. The price is that a local process
/// guessing tokens also keeps the rightful client out for a minute at a time — a local denial of service it could
/// cause anyway (by taking the port first), never an impersonation.
/// </summary>
internal sealed class McpBridgeTokenFailures(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset _start;
    private int _count;

    public void RecordFailure()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_count == 0 || now - _start > Window)
            {
                _start = now;
                _count = 0;
            }
            _count++;
        }
    }

    /// <summary>Seconds until tokens are checked again, or null when they are checked now.</summary>
    public int? RetryAfterSeconds()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_count < MaxFailures)
            {
                return null;
            }
            var remaining = _start + Window - now;
            if (remaining <= TimeSpan.Zero)
            {
                _count = 0;
                return null;
            }
            return (int)Math.Ceiling(remaining.TotalSeconds);
        }
    }
}
