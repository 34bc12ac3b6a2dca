using System.Buffers;
using System.Globalization;
using Sigilum.Core.Secrets;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Proxy;

internal sealed partial class RequestPipeline
{
    /// <summary>Never relayed: hop-by-hop and connection-specific fields (RFC 9110 §7.6.1, RFC 9113 §8.2.2), and framing we redo.</summary>
    private static readonly string[] HopByHop = ["Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length", "Proxy-Authenticate"];

    /// <summary>
    /// Sends the upstream's response to the agent: hop-by-hop fields dropped, header values that
    /// echo the credential redacted, the body (re-framed by the exchange: we may shorten it by
    /// redacting) streamed under the idle timeout. Once headers are sent the status cannot change: a
    /// failure then aborts the response so a cut body never looks complete (PRX-14, PRX-16).
    /// </summary>
    private async Task<bool> RelayResponseAsync(Exchange exchange, HttpHead response, BufferedConnectionStream upstream, SecretScrubber echo)
    {
        var (agent, outcome) = (exchange.Agent, exchange.Outcome);
        var status = int.Parse(response.Second, CultureInfo.InvariantCulture);
        BodyFraming framing;
        try
        {
            framing = BodyFraming.ForResponse(response, agent.Head.Method, status);
        }
        catch (HttpMessageException)
        {
            return await exchange.FailAsync(502, ErrorCatalogue.UpstreamBadResponse, "The upstream's response framing is ambiguous.");
        }
        var connectionListed = response.Tokens("Connection");
        var headers = new List<KeyValuePair<string, string>>(response.Headers.Count);
        foreach (var (name, value) in response.Headers)
        {
            if (HttpHead.ContainsName(HopByHop, name) || HttpHead.ContainsName(connectionListed, name))
            {
                continue;
            }
            // The shared scrubber (PRX-18) replaces each spelling of the credential in the value.
            var safe = echo.ScrubText(value);
            outcome.Reflected |= !ReferenceEquals(safe, value);
            headers.Add(new(name, safe));
        }
        outcome.Status = status;
        using var idle = new IdleTimeout(_options.StreamIdleTimeout, _options.Time, exchange.Stopping);
        // Grows to the largest piece on demand: a small response does not allocate 16 KiB.
        var scratch = new ArrayBufferWriter<byte>(1024);
        // Body pieces are held by the exchange and sent before the relay next waits on the upstream: a small response
        // read in one go is one write (one TLS record, one HTTP/2 flush), a stream still reaches the agent as it comes.
        var held = false;
        upstream.BeforeWait = async token =>
        {
            if (held)
            {
                held = false;
                await agent.FlushBodyAsync(token);
            }
        };
        try
        {
            // Body bytes already here: the head travels with them. None yet: the head goes now (a stream may take its time).
            var bodyWaiting = framing.Kind != BodyKind.None && upstream.Buffered == 0;
            await agent.StartResponseAsync(status, response.Third, headers, framing.Kind != BodyKind.None, sendNow: bodyWaiting, idle.Next());
            // Counted per chunk, not from the copy's result, so a stream cut mid-way still records what was sent (PRX-14).
            await BodyReader.CopyAsync(upstream, framing, async chunk =>
            {
                outcome.Bytes += chunk.Length;
                scratch.ResetWrittenCount();
                echo.Process(chunk.Span, scratch);
                outcome.Reflected |= echo.Found;
                await agent.WriteBodyAsync(scratch.WrittenMemory, idle.Next());
                held |= scratch.WrittenCount > 0;
            }, _options.MaxResponseBodyBytes, idle.Next, "stream_truncated");
            scratch.ResetWrittenCount();
            echo.Flush(scratch);
            outcome.Reflected |= echo.Found;
            await agent.EndResponseAsync(scratch.WrittenMemory, idle.Next());
            outcome.Code = "ok";
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpMessageException)
        {
            outcome.Code = idle.IsExpired ? "stream_idle_timeout" : ex is HttpMessageException p ? p.Code : "stream_aborted";
            agent.AbortResponse();
            return false;
        }
        finally
        {
            // A pooled connection must not call back into this exchange.
            upstream.BeforeWait = null;
            scratch.Clear();
        }
        return agent.KeepAlive;
    }
}
