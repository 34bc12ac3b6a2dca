using System.Threading.Channels;

namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// One open relay stream: the commands waiting to be written to it, and what the dashboard sees of it.
/// Closed when the stream ends or a newer stream of the same node replaces it; disposed by the stream endpoint
/// that opened it, once its response is over.
/// </summary>
internal sealed class RelayConnection : IDisposable
{
    private readonly Channel<RelayWireCommand> _commands = Channel.CreateBounded<RelayWireCommand>(new BoundedChannelOptions(64) { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private long _lastSeenTicks;

    public RelayConnection(string ns, string nodeId, string encryptionKey, string encryptionKeyId, DateTimeOffset connectedAt)
    {
        Namespace = ns;
        NodeId = nodeId;
        EncryptionKey = encryptionKey;
        EncryptionKeyId = encryptionKeyId;
        ConnectedAt = connectedAt;
        _lastSeenTicks = connectedAt.UtcTicks;
    }

    public string Namespace { get; }

    public string NodeId { get; }

    public string EncryptionKey { get; }

    public string EncryptionKeyId { get; }

    public DateTimeOffset ConnectedAt { get; }

    public DateTimeOffset LastSeenAt => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    /// <summary>Cancelled when the connection is closed: the stream endpoint ends its response.</summary>
    public CancellationToken Closed => _closed.Token;

    public ChannelReader<RelayWireCommand> Commands => _commands.Reader;

    public RelayedGateway View() => new(NodeId, Namespace, EncryptionKey, EncryptionKeyId, ConnectedAt, LastSeenAt);

    public void Seen(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    /// <summary>Queues a command for the stream; false when the connection is closed or its queue is full.</summary>
    public bool TryEnqueue(RelayWireCommand command) => _commands.Writer.TryWrite(command);

    public void Dispose() => _closed.Dispose();

    public void Close()
    {
        _commands.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
