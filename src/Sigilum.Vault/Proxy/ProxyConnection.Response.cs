using System.Buffers;
using System.Globalization;
using System.Text;
using Sigilum.Vault.Http;
using Sigilum.Vault.Release;

namespace Sigilum.Vault.Proxy;

internal sealed partial class ProxyConnection
{
    private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(EchoMarker.Text);
    private static readonly string[] HopByHop = ["Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length", "Proxy-Authenticate"];

    /// <summary>
    /// Sends the upstream's response to the agent: hop-by-hop fields dropped, header values that
    /// echo the credential redacted, the body re-framed as chunked (we may shorten it by redacting)
    /// and streamed under the idle timeout. Once headers are sent the status cannot change: a
    /// failure then aborts the connection so a cut body never looks complete (PRX-14, PRX-16).
    /// </summary>
    private async Task<bool> RelayResponseAsync(
        BufferedConnectionStream agentStream, HttpHead request, HttpHead response, BufferedConnectionStream upstream, CredentialEcho echo, Outcome outcome, CancellationToken stopping)
    {
        var status = int.Parse(response.Second, CultureInfo.InvariantCulture);
        BodyFraming framing;
        try
        {
            framing = BodyFraming.ForResponse(response, request.Method, status);
        }
        catch (HttpMessageException)
        {
            outcome.Status = 502;
            outcome.Code = ProxyErrorCodes.UpstreamBadResponse;
            await ProxyResponses.WriteErrorAsync(agentStream, 502, ProxyErrorCodes.UpstreamBadResponse, "The upstream's response framing is ambiguous.", stopping);
            return false;
        }
        var http11 = request.RequestVersion == "HTTP/1.1";
        var chunked = framing.Kind != BodyKind.None && http11;
        var keepAlive = http11 && !request.HasToken("Connection", "close") && (framing.Kind == BodyKind.None || chunked);
        var connectionListed = response.Values("Connection").SelectMany(v => v.Split(',')).Select(t => t.Trim()).ToList();

        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Second).Append(' ').Append(response.Third).Append("\r\n");
        foreach (var (name, value) in response.Headers)
        {
            if (HopByHop.Contains(name, StringComparer.OrdinalIgnoreCase) || connectionListed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            var safe = value;
            if (echo.IsIn(value))
            {
                safe = EchoMarker.Text;
                outcome.Reflected = true;
            }
            head.Append(name).Append(": ").Append(safe).Append("\r\n");
        }
        if (framing.Kind == BodyKind.None && status is not (204 or 304) && status >= 200 && request.Method != "HEAD")
        {
            head.Append("Content-Length: 0\r\n");
        }
        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }
        head.Append("\r\n");
        outcome.Status = status;
        using var idle = new IdleTimeout(_options.StreamIdleTimeout, _options.Time, stopping);
        var scratch = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            await agentStream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), idle.Next());
            outcome.Bytes = await BodyReader.CopyAsync(upstream, framing, async chunk =>
            {
                scratch.ResetWrittenCount();
                echo.Scrubber.Process(chunk.Span, scratch);
                outcome.Reflected |= scratch.WrittenSpan.IndexOf(MarkerBytes) >= 0;
                await WriteOutAsync(agentStream, scratch, chunked, idle.Next());
            }, _options.MaxResponseBodyBytes, idle.Next, "stream_truncated");
            scratch.ResetWrittenCount();
            echo.Scrubber.Flush(scratch);
            await WriteOutAsync(agentStream, scratch, chunked, idle.Next());
            if (chunked)
            {
                await agentStream.WriteAsync("0\r\n\r\n"u8.ToArray(), idle.Next());
            }
            await agentStream.FlushAsync(idle.Next());
            outcome.Code = "ok";
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpMessageException)
        {
            outcome.Code = idle.IsExpired ? "stream_idle_timeout" : ex is HttpMessageException p ? p.Code : "stream_aborted";
            return false;
        }
        finally
        {
            scratch.Clear();
        }
        return keepAlive;
    }

    private static async Task WriteOutAsync(Stream stream, ArrayBufferWriter<byte> data, bool chunked, CancellationToken cancellationToken)
    {
        if (data.WrittenCount == 0)
        {
            return;
        }
        await WriteFramedAsync(stream, data.WrittenMemory, chunked, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
