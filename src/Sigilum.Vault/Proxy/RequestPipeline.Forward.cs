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
    /// <summary>
    /// Connects upstream over real TLS (one connection per request, HTTP/1.1), sends the injected head,
    /// zeroes the credential, streams the body and waits for the response head within the budget.
    /// </summary>
    private async Task<bool> ForwardAsync(
        Exchange exchange, Credential credential, SecretScrubber echo, IReadOnlyList<KeyValuePair<string, string>>? signed, byte[]? buffered)
    {
        var (agent, target, budget) = (exchange.Agent, exchange.Target, exchange.Budget);
        Stream upstream;
        try
        {
            upstream = await context.Upstream.ConnectAsync(target.Egress.Endpoint!, target.Authority.Host, target.Scheme == "https", budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await exchange.FailAsync(504, ProxyErrorCodes.UpstreamTimeout, "The upstream did not accept the connection within the request budget.");
        }
        catch (AuthenticationException)
        {
            return await exchange.FailAsync(502, ProxyErrorCodes.UpstreamTlsFailed, "The upstream's TLS certificate did not validate.");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return await exchange.FailAsync(502, ProxyErrorCodes.UpstreamUnreachable, "The upstream could not be reached.");
        }
        await using var upstreamReader = new BufferedConnectionStream(upstream);
        HttpHead response;
        try
        {
            var framing = exchange.Framing;
            using (var requestHead = UpstreamRequestHead.Build(agent.Head, agent.Target, exchange.UrlAuthority, framing, exchange.Route, credential.Value, signed))
            {
                await upstreamReader.WriteAsync(requestHead.Bytes, budget.Token);
            }
            // Injected: the backend's copy is zeroed now; only the echo detector keeps pinned copies until the response ends.
            credential.Dispose();
            if (buffered is not null)
            {
                // Already read (and answered 100 Continue) to be signed.
                await upstreamReader.WriteAsync(buffered, budget.Token);
            }
            else if (framing.Kind != BodyKind.None)
            {
                await agent.ContinueAsync(budget.Token);
                await agent.CopyBodyAsync(framing, chunk => BodyWriter.WriteAsync(upstreamReader, chunk, framing.Kind == BodyKind.Chunked, budget.Token),
                    _options.MaxRequestBodyBytes, () => budget.Token);
            }
            if (framing.Kind == BodyKind.Chunked)
            {
                await upstreamReader.WriteAsync("0\r\n\r\n"u8.ToArray(), budget.Token);
            }
            await upstreamReader.FlushAsync(budget.Token);
            response = await ReadResponseHeadAsync(upstreamReader, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await exchange.FailAsync(504, ProxyErrorCodes.UpstreamTimeout, "The upstream did not answer within the request budget.");
        }
        catch (HttpMessageException ex) when (ex.Code is "body_too_large")
        {
            return await exchange.FailAsync(413, ProxyErrorCodes.BodyTooLarge, "The request body is larger than allowed.");
        }
        catch (HttpMessageException ex) when (ex.Code is "bad_framing" or "truncated_body")
        {
            return await exchange.FailAsync(400, ProxyErrorCodes.BadRequest, ex.Message);
        }
        catch (HttpMessageException)
        {
            return await exchange.FailAsync(502, ProxyErrorCodes.UpstreamBadResponse, "The upstream's response could not be parsed.");
        }
        catch (IOException)
        {
            return await exchange.FailAsync(502, ProxyErrorCodes.UpstreamUnreachable, "The upstream connection failed before the response.");
        }
        return await RelayResponseAsync(exchange, response, upstreamReader, echo);
    }

    /// <summary>The final response head: 1xx skipped, an upgrade (101) refused.</summary>
    private async Task<HttpHead> ReadResponseHeadAsync(BufferedConnectionStream upstream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await upstream.ReadHeadAsync(_options.MaxHeadBytes, isResponse: true, cancellationToken)
                ?? throw new HttpMessageException(ProxyErrorCodes.UpstreamBadResponse, "The upstream closed without answering.");
            var status = int.Parse(response.Second, CultureInfo.InvariantCulture);
            if (status is < 100 or >= 200)
            {
                return response;
            }
            if (status == 101)
            {
                throw new HttpMessageException(ProxyErrorCodes.UpstreamBadResponse, "Protocol upgrades are not proxied.");
            }
        }
    }
}
