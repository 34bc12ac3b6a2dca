using System.Security.Cryptography;
using System.Text;
using Sigilum.Backends;
using Sigilum.Core.Secrets;
using Sigilum.Vault.Http;
using Sigilum.Vault.Release;

namespace Sigilum.Vault.Proxy;

internal sealed partial class RequestPipeline
{
    /// <summary>Fetches the credential (504 when the backend is slow, never passthrough) and checks it can be injected.</summary>
    private async Task<bool> ReleaseAsync(Exchange exchange)
    {
        var (agent, route, backendConfig, budget) = (exchange.Agent, exchange.Route, exchange.Backend, exchange.Budget);
        var (backend, errors) = context.Backends.Get(backendConfig);
        if (backend is null)
        {
            // The problems name options, files and URLs: they are for the operator (`sigil-vault backends test`), not the agent.
            return await exchange.FailAsync(502, ErrorCatalogue.BackendMisconfigured, BackendError.AgentMessageFor(ErrorCatalogue.BackendMisconfigured, BackendErrorKind.Misconfigured));
        }
        BackendResult fetched;
        try
        {
            fetched = await backend.FetchAsync(route.SecretRef, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            // Never passthrough: a slow backend is a 504, the request is not sent without its credential.
            return await exchange.FailAsync(504, ErrorCatalogue.BackendTimeout, "The credential backend did not answer within the request budget.");
        }
        if (!fetched.IsSuccess)
        {
            var error = fetched.Error!;
            // error.Message names the reference (variable, path, ARN, URL): the agent gets the fixed text only.
            return await exchange.FailAsync(error.Kind == BackendErrorKind.Timeout ? 504 : 502, error.Code, error.AgentMessage);
        }
        using var credential = fetched.Credential!;
        IReadOnlyList<KeyValuePair<string, string>>? signed = null;
        byte[]? buffered = null;
        if (backendConfig.Kind == SigV4Injection.Kind)
        {
            // aws-sts: the request is re-signed with the temporary credentials, never templated (docs/decisions/0014).
            if (route.Headers.Count > 0 || route.Query is not null)
            {
                return await exchange.FailAsync(502, SigV4Injection.RouteMisconfiguredCode, "An aws-sts route is injected by SigV4 re-signing; remove its --header/--query templates.");
            }
            ReadOnlyMemory<byte>? body = null;
            if (exchange.Framing.Kind != BodyKind.None)
            {
                if (SigV4Injection.PayloadHashStated(agent.Head))
                {
                    body = ReadOnlyMemory<byte>.Empty;
                }
                else
                {
                    // The signature covers the body's SHA-256: read it (bounded) before anything goes upstream.
                    var read = await BufferBodyAsync(exchange);
                    if (read.Failure is { } failure)
                    {
                        return await exchange.FailAsync(failure.Status, failure.Code, failure.Message);
                    }
                    buffered = read.Body!;
                    body = buffered;
                    exchange.Framing = new BodyFraming(BodyKind.Length, buffered.Length);
                }
            }
            var signing = await SigV4Injection.SignAsync(agent.Head, agent.Target, exchange.UrlAuthority, body, credential, backendConfig.Name, _options.Time, budget.Token);
            if (!signing.IsSuccess)
            {
                return await exchange.FailAsync(signing.Status, signing.Code!, signing.Message!);
            }
            signed = signing.Headers;
        }
        else
        {
            // BKD-07: empty, control characters, surrounding whitespace; then our stricter visible-ASCII rule.
            if (CredentialChecks.ForHeader(credential.Value, backendConfig.Name) is { } bad)
            {
                return await exchange.FailAsync(502, ErrorCatalogue.BackendBadSecret, bad.AgentMessage);
            }
            if (!UpstreamRequestHead.IsInjectable(credential.Value))
            {
                return await exchange.FailAsync(502, ErrorCatalogue.BackendBadSecret, "The credential is empty, too long or contains characters that cannot go into a request.");
            }
        }
        // aws-sts: what reaches the upstream is the session token (the secret key only as a signature), so that is what must not echo back.
        var sessionToken = signed?.Where(h => h.Key == "X-Amz-Security-Token").Select(h => h.Value).FirstOrDefault();
        var sessionTokenBytes = sessionToken is null ? null : Encoding.ASCII.GetBytes(sessionToken);
        SecretSpellings spellings;
        try
        {
            // Derived once per value the backend hands out (ADR 0044); this transient copy is zeroed at once (MEM-01).
            spellings = context.Echo.Lease(backendConfig.Name, route.SecretRef, sessionTokenBytes ?? credential.Value, EchoMarker.Vault);
        }
        finally
        {
            if (sessionTokenBytes is not null)
            {
                CryptographicOperations.ZeroMemory(sessionTokenBytes);
            }
        }
        try
        {
            using var scrubber = new SecretScrubber(spellings);
            return await ForwardAsync(exchange, credential, scrubber, signed, buffered);
        }
        finally
        {
            spellings.ReleaseReference();
        }
    }

    /// <summary>Reads the whole request body (bounded by the body limit and the budget) for a SigV4 route.</summary>
    private async Task<(byte[]? Body, (int Status, string Code, string Message)? Failure)> BufferBodyAsync(Exchange exchange)
    {
        var budget = exchange.Budget;
        try
        {
            await exchange.Agent.ContinueAsync(budget.Token);
            using var body = new MemoryStream();
            await exchange.Agent.CopyBodyAsync(exchange.Framing, chunk => body.WriteAsync(chunk, budget.Token).AsTask(), _options.MaxRequestBodyBytes, () => budget.Token);
            return (body.ToArray(), null);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return (null, (504, ErrorCatalogue.UpstreamTimeout, "The request body did not arrive within the request budget."));
        }
        catch (HttpMessageException ex) when (ex.Code is "body_too_large")
        {
            return (null, (413, ErrorCatalogue.BodyTooLarge, "The request body is larger than allowed."));
        }
        catch (HttpMessageException ex)
        {
            return (null, (400, ErrorCatalogue.BadRequest, ex.Message));
        }
        catch (IOException)
        {
            return (null, (400, ErrorCatalogue.BadRequest, "The connection failed before the request body ended."));
        }
    }
}
