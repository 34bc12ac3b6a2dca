using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Sigilum.Vault.Proxy.Http2;

/// <summary>
/// A decrypted tunnel as a Kestrel connection: the transport is a pipe pair over the
/// <see cref="System.Net.Security.SslStream"/> the vault terminated. Kestrel disposes it when the
/// HTTP/2 connection ends, which is what <see cref="Closed"/> waits for.
/// </summary>
internal sealed class TunnelConnection : ConnectionContext
{
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _abort;
    private int _disposed;

    /// <param name="id">Unique among open tunnels: requests find their tunnel by it.</param>
    /// <param name="stream">The decrypted stream; left open (the tunnel owns it).</param>
    /// <param name="abort">Closes the tunnel's socket, so a pending read ends when Kestrel aborts the connection.</param>
    public TunnelConnection(string id, Stream stream, Action abort)
    {
        ConnectionId = id;
        _abort = abort;
        Transport = new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        ConnectionClosed = _closing.Token;
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public Task Closed => _closed.Task;

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _abort();
        Cancel();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await CloseAsync();
        }
        await base.DisposeAsync();
    }

    private async Task CloseAsync()
    {
        try
        {
            await Transport.Input.CompleteAsync();
            await Transport.Output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone: the last bytes (a GOAWAY) have nowhere to go.
        }
        Cancel();
        _closing.Dispose();
        _closed.TrySetResult();
    }

    private void Cancel()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
