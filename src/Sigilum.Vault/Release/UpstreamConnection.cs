using System.Net.Sockets;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Release;

/// <summary>
/// One upstream connection (TCP, and TLS for https) to the address its <see cref="Key"/> names. Lent
/// to one request at a time by <see cref="UpstreamPool"/>; usable again only when the previous exchange
/// ended exactly at a message boundary and the peer has neither closed nor sent anything since.
/// </summary>
internal sealed class UpstreamConnection(UpstreamKey key, Socket socket, Stream stream) : IAsyncDisposable
{
    private int _disposed;

    public UpstreamKey Key => key;

    public BufferedConnectionStream Stream { get; } = new(stream);

    /// <summary>True when the connection served an earlier request: it may have gone stale while it idled.</summary>
    public bool Reused { get; private set; }

    /// <summary>When it was last returned to the pool.</summary>
    public DateTimeOffset IdleSince { get; private set; }

    public void MarkIdle(DateTimeOffset now) => IdleSince = now;

    public void MarkReused() => Reused = true;

    /// <summary>
    /// Idle for less than <paramref name="idleTimeout"/>, nothing left in our buffer, and the socket not
    /// readable: a readable idle socket means the peer closed (FIN/RST) or sent bytes nobody asked for.
    /// </summary>
    public bool IsUsable(DateTimeOffset now, TimeSpan idleTimeout)
    {
        if (Volatile.Read(ref _disposed) != 0 || now - IdleSince >= idleTimeout || Stream.Buffered != 0)
        {
            return false;
        }
        try
        {
            return !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the response just relayed leaves the connection at a message boundary we can trust: HTTP/1.1,
    /// no <c>Connection: close</c>, and a body delimited by length or chunks (or none), not by the close.
    /// </summary>
    public static bool AllowsReuse(HttpHead response, BodyFraming framing)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.First == "HTTP/1.1" && framing.Kind != BodyKind.UntilClose && !response.HasToken("Connection", "close");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Stream.DisposeAsync();
        }
    }
}
