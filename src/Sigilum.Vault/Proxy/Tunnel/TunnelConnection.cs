using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>
/// A decrypted tunnel as a Kestrel connection: the transport is a pipe pair over the
/// <see cref="System.Net.Security.SslStream"/> the vault terminated. Kestrel disposes it when the
/// HTTP/2 connection ends, which is what <see cref="Closed"/> waits for.
/// </summary>
/// <remarks>
/// Output goes through a <see cref="Pipe"/> drained by one pump, as Kestrel's socket transport does, not a
/// <c>PipeWriter.Create(stream)</c> that writes on every flush: Kestrel flushes once per stream it serves, and
/// while the pump is still sending, the frames of the other streams collect and leave in one write (one TLS
/// record and one <c>send</c> instead of one per stream, issue 13). The pump runs inline on the flushing thread
/// when it is idle, so a lone stream costs no extra thread hop.
/// </remarks>
internal sealed class TunnelConnection : ConnectionContext
{
    /// <summary>The most the pump copies into one write: one full TLS record.</summary>
    private const int MaxWriteBytes = 16 * 1024;

    private readonly Pipe _output = new(new PipeOptions(
        pauseWriterThreshold: 256 * 1024, resumeWriterThreshold: 128 * 1024, readerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
    private readonly Task _pump;
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
        Transport = new DuplexPipe(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), _output.Writer);
        ConnectionClosed = _closing.Token;
        _pump = PumpAsync(stream);
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
        // The pump sends what is left (a GOAWAY) and ends; only then may the tunnel close the TLS stream.
        await _pump;
        Cancel();
        _closing.Dispose();
        _closed.TrySetResult();
    }

    /// <summary>Sends what Kestrel flushed, everything waiting at once (up to one record per write), until the output completes.</summary>
    private async Task PumpAsync(Stream stream)
    {
        var reader = _output.Reader;
        byte[]? gather = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    if (buffer.IsSingleSegment)
                    {
                        if (!buffer.IsEmpty)
                        {
                            await stream.WriteAsync(buffer.First);
                        }
                    }
                    else
                    {
                        gather ??= ArrayPool<byte>.Shared.Rent(MaxWriteBytes);
                        var rest = buffer;
                        while (!rest.IsEmpty)
                        {
                            var piece = rest.Slice(0, Math.Min(rest.Length, gather.Length));
                            piece.CopyTo(gather);
                            await stream.WriteAsync(gather.AsMemory(0, (int)piece.Length));
                            rest = rest.Slice(piece.End);
                        }
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            await reader.CompleteAsync();
        }
#pragma warning disable CA1031 // Whatever ended the writes (client gone, socket closed, TLS failure), the pump ends cleanly: the tunnel's close awaits it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The client is gone (or the tunnel closed under us): Kestrel's next flush sees a completed pipe, and the
            // socket is closed so its pending read ends too.
            await reader.CompleteAsync(ex);
            _abort();
        }
        finally
        {
            if (gather is not null)
            {
                ArrayPool<byte>.Shared.Return(gather);
            }
        }
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
