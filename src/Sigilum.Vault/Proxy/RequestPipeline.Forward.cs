using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Sigilum.Backends;
using Sigilum.Core.Secrets;
using Sigilum.Vault.Http;
using Sigilum.Vault.Release;

namespace Sigilum.Vault.Proxy;

internal sealed partial class RequestPipeline
{
    /// <summary>Methods RFC 9110 §9.2.2 calls idempotent: only these are sent again when a pooled connection turns out stale.</summary>
    private static readonly string[] Idempotent = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"];

    /// <summary>
    /// Sends the injected head (HTTP/1.1) on a pooled upstream connection for this agent, route and checked
    /// address (docs/decisions/0030), or on a new one with real TLS; streams the body and waits for the response
    /// head within the budget. A pooled connection that the upstream closed while it idled, noticed only when it
    /// answers nothing at all, is replaced once by a new connection for an idempotent request whose body was not
    /// streamed; any other failure is the agent's 502/504 as before. The connection goes back to the pool only
    /// after a complete, length-delimited response.
    /// </summary>
    private async Task<bool> ForwardAsync(
        Exchange exchange, Credential credential, SecretScrubber echo, IReadOnlyList<KeyValuePair<string, string>>? signed, byte[]? buffered)
    {
        var (agent, target, budget) = (exchange.Agent, exchange.Target, exchange.Budget);
        var framing = exchange.Framing;
        var key = new UpstreamKey(target.Scheme, target.Authority.Host, target.Egress.Endpoint!, target.AgentId, exchange.Route.Id);
        // Sending again needs the body again: only a bodyless request or one already buffered (SigV4) can be resent.
        var resendable = (buffered is not null || framing.Kind == BodyKind.None || framing is { Kind: BodyKind.Length, Length: 0 }) &&
            Array.IndexOf(Idempotent, agent.Head.Method) >= 0;
        var requestHead = UpstreamRequestHead.Build(agent.Head, agent.Target, exchange.UrlAuthority, framing, exchange.Route, credential.Value, signed);
        UpstreamConnection? upstream = null;
        HttpHead? response = null;
        try
        {
            // Injected: the backend's copy is zeroed now; the head (zeroed once the response head arrives) and the
            // echo detector keep the only copies.
            credential.Dispose();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    upstream = await context.Upstream.RentAsync(key, fresh: attempt > 0, budget.Token);
                }
                catch (OperationCanceledException) when (budget.IsExpired)
                {
                    return await exchange.FailAsync(504, ErrorCatalogue.UpstreamTimeout, "The upstream did not accept the connection within the request budget.");
                }
                catch (AuthenticationException)
                {
                    return await exchange.FailAsync(502, ErrorCatalogue.UpstreamTlsFailed, "The upstream's TLS certificate did not validate.");
                }
                catch (Exception ex) when (ex is SocketException or IOException)
                {
                    return await exchange.FailAsync(502, ErrorCatalogue.UpstreamUnreachable, "The upstream could not be reached.");
                }
                var receivedBefore = upstream.Stream.Received;
                try
                {
                    response = await SendAsync(exchange, upstream.Stream, requestHead, buffered);
                    break;
                }
                catch (Exception ex) when (attempt == 0 && upstream.Reused && resendable && upstream.Stream.Received == receivedBefore &&
                    ex is IOException or HttpMessageException { Code: UpstreamClosedCode })
                {
                    // Stale: the upstream closed the idle connection as we sent. Not one byte came back, so it did not answer.
                    await upstream.DisposeAsync();
                    upstream = null;
                }
            }
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await exchange.FailAsync(504, ErrorCatalogue.UpstreamTimeout, "The upstream did not answer within the request budget.");
        }
        catch (HttpMessageException ex) when (ex.Code is "body_too_large")
        {
            return await exchange.FailAsync(413, ErrorCatalogue.BodyTooLarge, "The request body is larger than allowed.");
        }
        catch (HttpMessageException ex) when (ex.Code is "bad_framing" or "truncated_body")
        {
            return await exchange.FailAsync(400, ErrorCatalogue.BadRequest, ex.Message);
        }
        catch (HttpMessageException)
        {
            return await exchange.FailAsync(502, ErrorCatalogue.UpstreamBadResponse, "The upstream's response could not be parsed.");
        }
        catch (IOException)
        {
            return await exchange.FailAsync(502, ErrorCatalogue.UpstreamUnreachable, "The upstream connection failed before the response.");
        }
        finally
        {
            requestHead.Dispose();
            if (upstream is not null && response is null)
            {
                // Failed before the relay: whatever state the connection is in, it is not reused.
                await upstream.DisposeAsync();
            }
        }
        var reusable = false;
        try
        {
            // The loop left both set: the response head arrived on this connection.
            var keepAgent = await RelayResponseAsync(exchange, response!, upstream!.Stream, echo);
            reusable = exchange.Outcome.Code == "ok" &&
                UpstreamConnection.AllowsReuse(response!, BodyFraming.ForResponse(response!, agent.Head.Method, exchange.Outcome.Status));
            return keepAgent;
        }
        finally
        {
            if (reusable)
            {
                await context.Upstream.ReturnAsync(upstream!);
            }
            else
            {
                await upstream!.DisposeAsync();
            }
        }
    }

    /// <summary>The head, the body (already buffered, or streamed from the agent) and the final response head.</summary>
    private async Task<HttpHead> SendAsync(Exchange exchange, BufferedConnectionStream upstream, UpstreamRequestHead requestHead, byte[]? buffered)
    {
        var (agent, framing, budget) = (exchange.Agent, exchange.Framing, exchange.Budget);
        await upstream.WriteAsync(requestHead.Bytes, budget.Token);
        if (buffered is not null)
        {
            // Already read (and answered 100 Continue) to be signed.
            await upstream.WriteAsync(buffered, budget.Token);
        }
        else if (framing.Kind != BodyKind.None)
        {
            await agent.ContinueAsync(budget.Token);
            await agent.CopyBodyAsync(framing, chunk => BodyWriter.WriteAsync(upstream, chunk, framing.Kind == BodyKind.Chunked, budget.Token),
                _options.MaxRequestBodyBytes, () => budget.Token);
        }
        if (framing.Kind == BodyKind.Chunked)
        {
            await upstream.WriteAsync("0\r\n\r\n"u8.ToArray(), budget.Token);
        }
        await upstream.FlushAsync(budget.Token);
        return await ReadResponseHeadAsync(upstream, budget.Token);
    }

    private const string UpstreamClosedCode = "upstream_closed";

    /// <summary>The final response head: 1xx skipped, an upgrade (101) refused.</summary>
    private async Task<HttpHead> ReadResponseHeadAsync(BufferedConnectionStream upstream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await upstream.ReadHeadAsync(_options.MaxHeadBytes, isResponse: true, cancellationToken)
                ?? throw new HttpMessageException(UpstreamClosedCode, "The upstream closed without answering.");
            var status = int.Parse(response.Second, CultureInfo.InvariantCulture);
            if (status is < 100 or >= 200)
            {
                return response;
            }
            if (status == 101)
            {
                throw new HttpMessageException(ErrorCatalogue.UpstreamBadResponse, "Protocol upgrades are not proxied.");
            }
        }
    }
}
