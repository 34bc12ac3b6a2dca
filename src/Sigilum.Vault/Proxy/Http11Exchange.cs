using System.Buffers;
using System.Text;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// An HTTP/1.1 (or 1.0) request on the tunnel's byte stream. The response body is re-framed as
/// chunked for 1.1 (redaction may shorten it); a 1.0 client gets it delimited by close. Any
/// refusal closes the connection (<see cref="KeepAlive"/> stays false).
/// </summary>
internal sealed class Http11Exchange(BufferedConnectionStream stream, HttpHead head, string target) : IAgentExchange
{
    private bool _chunked;
    private byte[]? _head;
    private bool _keepAlive;
    private bool _ended;

    public HttpHead Head => head;

    public string Target => target;

    public bool KeepAlive => _keepAlive && _ended;

    public BodyFraming RequestFraming() => BodyFraming.ForRequest(head);

    public async Task ContinueAsync(CancellationToken cancellationToken)
    {
        if (head.HasToken("Expect", "100-continue"))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    }

    public Task<long> CopyBodyAsync(BodyFraming framing, Func<ReadOnlyMemory<byte>, Task> sink, long maxBytes, Func<CancellationToken> readToken) =>
        BodyReader.CopyAsync(stream, framing, sink, maxBytes, readToken, "truncated_body");

    public Task WriteErrorAsync(int status, string code, string message, CancellationToken cancellationToken) =>
        ProxyResponses.WriteErrorAsync(stream, status, code, message, cancellationToken);

    public async Task StartResponseAsync(int status, string reason, IReadOnlyList<KeyValuePair<string, string>> headers, bool hasBody, bool sendNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var http11 = head.RequestVersion == "HTTP/1.1";
        _chunked = hasBody && http11;
        _keepAlive = http11 && !head.HasToken("Connection", "close") && (!hasBody || _chunked);
        var text = new StringBuilder();
        text.Append("HTTP/1.1 ").Append(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(reason).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (!hasBody && status is not (204 or 304) && status >= 200 && head.Method != "HEAD")
        {
            text.Append("Content-Length: 0\r\n");
        }
        if (_chunked)
        {
            text.Append("Transfer-Encoding: chunked\r\n");
        }
        if (!_keepAlive)
        {
            text.Append("Connection: close\r\n");
        }
        text.Append("\r\n");
        _head = Encoding.Latin1.GetBytes(text.ToString());
        if (sendNow)
        {
            await SendAsync(ReadOnlyMemory<byte>.Empty, end: false, cancellationToken);
        }
    }

    public async Task WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }
        await SendAsync(data, end: false, cancellationToken);
    }

    public async Task EndResponseAsync(ReadOnlyMemory<byte> last, CancellationToken cancellationToken)
    {
        await SendAsync(last, end: true, cancellationToken);
        _ended = true;
    }

    /// <summary>
    /// One write (one TLS record) for whatever is due: the head if not sent yet, the data (as a chunk on a
    /// chunked response), and the last-chunk marker at the end; then a flush.
    /// </summary>
    private async Task SendAsync(ReadOnlyMemory<byte> data, bool end, CancellationToken cancellationToken)
    {
        var headLength = _head?.Length ?? 0;
        var buffer = ArrayPool<byte>.Shared.Rent(headLength + data.Length + 32);
        try
        {
            var at = 0;
            if (_head is not null)
            {
                _head.CopyTo(buffer, 0);
                at = _head.Length;
                _head = null;
            }
            if (_chunked)
            {
                at = BodyWriter.AppendChunk(buffer, at, data.Span);
                if (end)
                {
                    "0\r\n\r\n"u8.CopyTo(buffer.AsSpan(at));
                    at += 5;
                }
            }
            else
            {
                data.Span.CopyTo(buffer.AsSpan(at));
                at += data.Length;
            }
            if (at > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, at), cancellationToken);
            }
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Nothing to send: the caller closes the connection, which is what ends a cut HTTP/1.1 body.</summary>
    public void AbortResponse()
    {
    }
}
