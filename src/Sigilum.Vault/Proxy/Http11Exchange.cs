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
    private ArrayBufferWriter<byte>? _held;
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
        // The head is encoded straight into the held bytes (Latin-1, as the fields were read): no string built first.
        var held = Held;
        Append(held, "HTTP/1.1 "u8);
        Span<byte> digits = stackalloc byte[11];
        System.Buffers.Text.Utf8Formatter.TryFormat(status, digits, out var written);
        Append(held, digits[..written]);
        Append(held, " "u8);
        AppendLatin1(held, reason);
        Append(held, "\r\n"u8);
        foreach (var (name, value) in headers)
        {
            AppendLatin1(held, name);
            Append(held, ": "u8);
            AppendLatin1(held, value);
            Append(held, "\r\n"u8);
        }
        if (!hasBody && status is not (204 or 304) && status >= 200 && head.Method != "HEAD")
        {
            Append(held, "Content-Length: 0\r\n"u8);
        }
        if (_chunked)
        {
            Append(held, "Transfer-Encoding: chunked\r\n"u8);
        }
        if (!_keepAlive)
        {
            Append(held, "Connection: close\r\n"u8);
        }
        Append(held, "\r\n"u8);
        if (sendNow)
        {
            await FlushBodyAsync(cancellationToken);
        }
    }

    /// <summary>Held, not written: the relay sends what is held before it waits on the upstream (<see cref="FlushBodyAsync"/>).</summary>
    public Task WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!data.IsEmpty)
        {
            AppendBody(Held, data.Span);
        }
        return Task.CompletedTask;
    }

    /// <summary>One write (one TLS record on a tunnel) for everything held: the head if not sent yet, and the chunks since.</summary>
    public async Task FlushBodyAsync(CancellationToken cancellationToken)
    {
        if (_held is null || _held.WrittenCount == 0)
        {
            return;
        }
        await stream.WriteAsync(_held.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _held.ResetWrittenCount();
    }

    public async Task EndResponseAsync(ReadOnlyMemory<byte> last, CancellationToken cancellationToken)
    {
        var held = Held;
        AppendBody(held, last.Span);
        if (_chunked)
        {
            Append(held, "0\r\n\r\n"u8);
        }
        if (held.WrittenCount > 0)
        {
            await stream.WriteAsync(held.WrittenMemory, cancellationToken);
        }
        await stream.FlushAsync(cancellationToken);
        held.ResetWrittenCount();
        _ended = true;
    }

    private ArrayBufferWriter<byte> Held => _held ??= new ArrayBufferWriter<byte>(512);

    private void AppendBody(ArrayBufferWriter<byte> held, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (!_chunked)
        {
            Append(held, data);
            return;
        }
        Span<byte> size = stackalloc byte[16];
        System.Buffers.Text.Utf8Formatter.TryFormat(data.Length, size, out var digits, new System.Buffers.StandardFormat('X'));
        Append(held, size[..digits]);
        Append(held, "\r\n"u8);
        Append(held, data);
        Append(held, "\r\n"u8);
    }

    private static void Append(ArrayBufferWriter<byte> held, ReadOnlySpan<byte> bytes) => held.Write(bytes);

    private static void AppendLatin1(ArrayBufferWriter<byte> held, string text)
    {
        var span = held.GetSpan(text.Length);
        held.Advance(Encoding.Latin1.GetBytes(text, span));
    }

    /// <summary>Nothing to send (what is held is dropped): the caller closes the connection, which is what ends a cut HTTP/1.1 body.</summary>
    public void AbortResponse() => _held?.ResetWrittenCount();
}
