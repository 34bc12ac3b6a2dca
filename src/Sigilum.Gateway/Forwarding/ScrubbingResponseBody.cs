using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// The echo scrubber as a response-body transform (PRX-18): YARP copies the upstream body into
/// <c>HttpResponse.Body</c>, which while this feature is installed is this stream; every spelling of a secret
/// is redacted on its way to the agent's real body. Only a tail that could start a secret is held back (at most
/// secret length − 1 bytes), and it is written out when the body ends (<see cref="FinishAsync"/>, called by the
/// transformer before trailers, or <see cref="CompleteAsync"/>), so events are not delayed and memory is bounded.
/// </summary>
/// <remarks>
/// A body that arrives whole in its first write (its length equals the upstream's declared length: the common small
/// answer) is scrubbed in full and written with its scrubbed <c>Content-Length</c>, so headers and body leave in one
/// write as a framed answer rather than a chunked one.
/// </remarks>
internal sealed class ScrubbingResponseBody : Stream, IHttpResponseBodyFeature
{
    private const int ChunkSize = 16 * 1024;

    private readonly HttpContext _context;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly SecretScrubber _scrubber;
    private readonly long? _declaredLength;
    private readonly PooledBufferWriter _output = new(ChunkSize);
    private PipeWriter? _writer;
    private bool _written;
    private bool _finished;

    public ScrubbingResponseBody(HttpContext context, IHttpResponseBodyFeature inner, SecretScrubber scrubber, long? declaredLength)
    {
        _context = context;
        _inner = inner;
        _scrubber = scrubber;
        _declaredLength = declaredLength;
    }

    /// <summary>The agent's own body feature, put back by the forwarder when the exchange ends.</summary>
    public IHttpResponseBodyFeature Inner => _inner;

    Stream IHttpResponseBodyFeature.Stream => this;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await FinishAsync(CancellationToken.None);
        await _inner.CompleteAsync();
    }

    /// <summary>Writes the held-back tail (scrubbed) once the upstream body has ended; later calls do nothing.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _output.Reset();
        _scrubber.Flush(_output);
        if (_output.WrittenCount > 0)
        {
            await _inner.Stream.WriteAsync(_output.WrittenMemory, cancellationToken);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _output.Reset();
        _scrubber.Process(buffer.Span, _output);
        if (!_written && !_context.Response.HasStarted && buffer.Length == _declaredLength)
        {
            // The whole declared body is here: scrubbed in full, it goes out with the headers in one write.
            _finished = true;
            _scrubber.Flush(_output);
            _context.Response.ContentLength = _output.WrittenCount;
        }
        _written = true;
        await _inner.Stream.WriteAsync(_output.WrittenMemory, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The agent's body is written asynchronously only.");

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.Stream.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("The agent's body is flushed asynchronously only.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output.Dispose();
        }
        base.Dispose(disposing);
    }
}
