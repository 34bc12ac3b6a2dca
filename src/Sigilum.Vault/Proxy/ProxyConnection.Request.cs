using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Backends;
using Sigilum.Protocol.Intents;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Egress;
using Sigilum.Vault.Http;
using Sigilum.Vault.Release;

namespace Sigilum.Vault.Proxy;

internal sealed partial class ProxyConnection
{
    /// <summary>
    /// One request inside a tunnel (or one plain-HTTP request). Returns whether the connection may
    /// carry another request; every refusal closes it.
    /// </summary>
    private async Task<bool> HandleRequestAsync(
        BufferedConnectionStream agentStream, HttpHead head, string originTarget, string agentId,
        TargetAuthority authority, EgressDecision egress, string scheme, CancellationToken stopping)
    {
        // The 5-second cap runs from the request head to the upstream's response headers (docs/decisions/0009).
        using var budget = new Deadline(_options.RequestBudget, _options.Time, stopping);
        var method = head.Method;
        var query = originTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? originTarget : originTarget[..query];
        Task<bool> Refuse(int status, string code, string message) =>
            DenyAsync(agentStream, agentId, method, authority.Host, path, status, code, message, stopping).ContinueWith(_ => false, TaskScheduler.Default);

        if (!originTarget.StartsWith('/'))
        {
            return await Refuse(400, ProxyErrorCodes.BadRequest, "The request target must be a path (origin form).");
        }
        // PRX-06: one Host, equal to the CONNECT authority, on every request of the tunnel.
        var hosts = head.Values("Host").ToList();
        if (hosts.Count != 1 || !TargetAuthority.TryParse(hosts[0], scheme == "https" ? 443 : 80, out var hostAuthority) ||
            hostAuthority.Host != authority.Host || hostAuthority.Port != authority.Port)
        {
            return await Refuse(403, ProxyErrorCodes.HostMismatch, "The Host header does not match the CONNECT authority.");
        }
        Store.VaultSnapshot snapshot;
        try
        {
            snapshot = await context.Config.CurrentAsync(budget.Token);
        }
#pragma warning disable CA1031 // Cannot read the configuration: refuse (STO-10).
        catch (Exception ex) when (ex is not OperationCanceledException || budget.IsExpired)
#pragma warning restore CA1031
        {
            return await Refuse(503, ProxyErrorCodes.ConfigUnavailable, "The vault configuration cannot be read.");
        }
        // A token revoked after CONNECT stops the very next request in the tunnel (JWT-19).
        if (!snapshot.IsAgentActive(agentId))
        {
            return await Refuse(403, ProxyErrorCodes.AgentRevoked, "The agent has been revoked.");
        }
        BodyFraming framing;
        try
        {
            framing = BodyFraming.ForRequest(head);
        }
        catch (HttpMessageException ex)
        {
            return await Refuse(400, ProxyErrorCodes.BadRequest, ex.Message);
        }
        if (framing.Kind == BodyKind.Length && framing.Length > _options.MaxRequestBodyBytes)
        {
            // PRX-11: refused before any credential is fetched.
            return await Refuse(413, ProxyErrorCodes.BodyTooLarge, "The request body is larger than allowed.");
        }
        if (path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) ||
            path.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            // Encoded dots and slashes read differently upstream than in our path glob.
            return await Refuse(400, ProxyErrorCodes.RequestUrlInvalid, "Encoded '.', '/' or '\\' in the path are refused.");
        }
        var intent = HttpIntent.Create(method, scheme + "://" + authority.ToUrlAuthority(scheme) + originTarget);
        if (!intent.IsSuccess)
        {
            return await Refuse(400, ProxyErrorCodes.RequestUrlInvalid, "The request URL cannot be bound to an intent.");
        }

        // Attestation gate (issue 6 item 3).
        Gate.GateResult gate;
        try
        {
            gate = await context.Gate.CheckAsync(head.Values(ProxyHeaders.Attestation).ToList(), snapshot, intent.Value!.Commitment.IntentHash, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await Refuse(503, Gate.GateErrorCodes.ReplayStoreUnavailable, "The replay store did not answer in time.");
        }
        if (!gate.IsAccepted)
        {
            return await Refuse(gate.Status, gate.Code!, gate.Reason!);
        }
        var claims = gate.Claims!;

        var route = RouteMatcher.Match(snapshot, agentId, authority.Host, path);
        if (route is null)
        {
            return await Refuse(403, ProxyErrorCodes.NoRoute, "No route for this host and path.");
        }
        if (egress.IsPrivate && !route.AllowPrivateNetwork)
        {
            return await Refuse(403, ProxyErrorCodes.EgressDenied, "This route does not allow private network targets.");
        }
        if (!snapshot.Backends.TryGetValue(route.Backend, out var backendConfig))
        {
            return await Refuse(502, "backend_misconfigured", "The route's backend is not configured.");
        }

        // Audit before release: durable (fsynced) before the credential exists (DESIGN §4, STO-01).
        Sigilum.Protocol.Audit.AuditRecord release;
        try
        {
            release = await context.Audit.AppendAsync(VaultAuditTypes.Release, new JsonObject
            {
                ["agent"] = agentId,
                ["route"] = route.Id,
                ["backend"] = backendConfig.Name,
                ["kind"] = backendConfig.Kind,
                ["secret"] = route.SecretRef,
                ["jti"] = claims.Jti,
                ["iss"] = claims.Issuer,
                ["kid"] = claims.KeyId,
                ["intentHash"] = claims.IntentHash,
                ["policyHash"] = claims.PolicyHash,
                ["method"] = method,
                ["host"] = authority.Host,
                ["port"] = authority.Port,
                ["path"] = Truncate(path),
            }, durable: true).WaitAsync(budget.Token);
        }
#pragma warning disable CA1031 // Whatever stops the audit stops the release.
        catch (Exception)
#pragma warning restore CA1031
        {
            await ProxyResponses.WriteErrorAsync(agentStream, 503, ProxyErrorCodes.AuditUnavailable, "The audit log cannot be written; nothing was released.", stopping);
            return false;
        }

        var outcome = new Outcome(release.Seq);
        try
        {
            return await ReleaseAsync(agentStream, head, originTarget, authority, egress, scheme, framing, route, backendConfig, budget, outcome, stopping);
        }
        finally
        {
            await RecordOutcomeAsync(outcome);
        }
    }

    private async Task<bool> ReleaseAsync(
        BufferedConnectionStream agentStream, HttpHead head, string originTarget, TargetAuthority authority, EgressDecision egress, string scheme,
        BodyFraming framing, Store.RouteConfig route, Store.BackendConfig backendConfig, Deadline budget, Outcome outcome, CancellationToken stopping)
    {
        async Task<bool> Fail(int status, string code, string message)
        {
            outcome.Status = status;
            outcome.Code = code;
            await ProxyResponses.WriteErrorAsync(agentStream, status, code, message, stopping);
            return false;
        }

        var (backend, errors) = context.Backends.Get(backendConfig);
        if (backend is null)
        {
            return await Fail(502, "backend_misconfigured", $"Backend '{backendConfig.Name}' is misconfigured ({errors.Count} problem(s); see `sigil-vault backends test`).");
        }
        BackendResult fetched;
        try
        {
            fetched = await backend.FetchAsync(route.SecretRef, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            // Never passthrough: a slow backend is a 504, the request is not sent without its credential.
            return await Fail(504, ProxyErrorCodes.BackendTimeout, "The credential backend did not answer within the request budget.");
        }
        if (!fetched.IsSuccess)
        {
            var error = fetched.Error!;
            return await Fail(error.Kind == BackendErrorKind.Timeout ? 504 : 502, error.Code, error.Message);
        }
        using var credential = fetched.Credential!;
        IReadOnlyList<KeyValuePair<string, string>>? signed = null;
        byte[]? buffered = null;
        if (backendConfig.Kind == SigV4Injection.Kind)
        {
            // aws-sts: the request is re-signed with the temporary credentials, never templated (docs/decisions/0014).
            if (route.Headers.Count > 0 || route.Query is not null)
            {
                return await Fail(502, SigV4Injection.RouteMisconfiguredCode, "An aws-sts route is injected by SigV4 re-signing; remove its --header/--query templates.");
            }
            ReadOnlyMemory<byte>? body = null;
            if (framing.Kind != BodyKind.None)
            {
                if (SigV4Injection.PayloadHashStated(head))
                {
                    body = ReadOnlyMemory<byte>.Empty;
                }
                else
                {
                    // The signature covers the body's SHA-256: read it (bounded) before anything goes upstream.
                    var read = await BufferBodyAsync(agentStream, head, framing, budget);
                    if (read.Failure is { } failure)
                    {
                        return await Fail(failure.Status, failure.Code, failure.Message);
                    }
                    buffered = read.Body!;
                    body = buffered;
                    framing = new BodyFraming(BodyKind.Length, buffered.Length);
                }
            }
            var signing = await SigV4Injection.SignAsync(head, originTarget, authority.ToUrlAuthority(scheme), body, credential, backendConfig.Name, _options.Time, budget.Token);
            if (!signing.IsSuccess)
            {
                return await Fail(signing.Status, signing.Code!, signing.Message!);
            }
            signed = signing.Headers;
        }
        else
        {
            // BKD-07: empty, control characters, surrounding whitespace; then our stricter visible-ASCII rule.
            if (CredentialChecks.ForHeader(credential.Value, backendConfig.Name) is { } bad)
            {
                return await Fail(502, ProxyErrorCodes.BackendBadSecret, bad.Message);
            }
            if (!UpstreamRequestHead.IsInjectable(credential.Value))
            {
                return await Fail(502, ProxyErrorCodes.BackendBadSecret, "The credential is empty, too long or contains characters that cannot go into a request.");
            }
        }
        // aws-sts: what reaches the upstream is the session token (the secret key only as a signature), so that is what must not echo back.
        var sessionToken = signed?.Where(h => h.Key == "X-Amz-Security-Token").Select(h => h.Value).FirstOrDefault();
        var scrubber = new CredentialEcho(sessionToken is null ? credential.Value : Encoding.ASCII.GetBytes(sessionToken));
        try
        {
            return await ForwardAsync(agentStream, head, originTarget, authority, egress, scheme, framing, route, credential, scrubber, budget, outcome, signed, buffered, stopping);
        }
        finally
        {
            scrubber.Dispose();
        }
    }

    private async Task<bool> ForwardAsync(
        BufferedConnectionStream agentStream, HttpHead head, string originTarget, TargetAuthority authority, EgressDecision egress, string scheme,
        BodyFraming framing, Store.RouteConfig route, Credential credential, CredentialEcho echo, Deadline budget, Outcome outcome,
        IReadOnlyList<KeyValuePair<string, string>>? signed, byte[]? buffered, CancellationToken stopping)
    {
        async Task<bool> Fail(int status, string code, string message)
        {
            outcome.Status = status;
            outcome.Code = code;
            await ProxyResponses.WriteErrorAsync(agentStream, status, code, message, stopping);
            return false;
        }

        Stream upstream;
        try
        {
            upstream = await context.Upstream.ConnectAsync(egress.Endpoint!, authority.Host, scheme == "https", budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await Fail(504, ProxyErrorCodes.UpstreamTimeout, "The upstream did not accept the connection within the request budget.");
        }
        catch (AuthenticationException)
        {
            return await Fail(502, ProxyErrorCodes.UpstreamTlsFailed, "The upstream's TLS certificate did not validate.");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return await Fail(502, ProxyErrorCodes.UpstreamUnreachable, "The upstream could not be reached.");
        }
        await using var upstreamReader = new BufferedConnectionStream(upstream);
        HttpHead response;
        try
        {
            using (var requestHead = UpstreamRequestHead.Build(head, originTarget, authority.ToUrlAuthority(scheme), framing, route, credential.Value, signed))
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
            else
            {
                if (framing.Kind != BodyKind.None && head.HasToken("Expect", "100-continue"))
                {
                    await agentStream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), budget.Token);
                    await agentStream.FlushAsync(budget.Token);
                }
                await BodyReader.CopyAsync(agentStream, framing, chunk => WriteFramedAsync(upstreamReader, chunk, framing.Kind == BodyKind.Chunked, budget.Token),
                    _options.MaxRequestBodyBytes, () => budget.Token, "truncated_body");
            }
            if (framing.Kind == BodyKind.Chunked)
            {
                await upstreamReader.WriteAsync("0\r\n\r\n"u8.ToArray(), budget.Token);
            }
            await upstreamReader.FlushAsync(budget.Token);
            while (true)
            {
                response = await upstreamReader.ReadHeadAsync(_options.MaxHeadBytes, isResponse: true, budget.Token)
                    ?? throw new HttpMessageException(ProxyErrorCodes.UpstreamBadResponse, "The upstream closed without answering.");
                var informational = int.Parse(response.Second, CultureInfo.InvariantCulture);
                if (informational is < 100 or >= 200)
                {
                    break;
                }
                if (informational == 101)
                {
                    throw new HttpMessageException(ProxyErrorCodes.UpstreamBadResponse, "Protocol upgrades are not proxied.");
                }
            }
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await Fail(504, ProxyErrorCodes.UpstreamTimeout, "The upstream did not answer within the request budget.");
        }
        catch (HttpMessageException ex) when (ex.Code is "body_too_large")
        {
            return await Fail(413, ProxyErrorCodes.BodyTooLarge, "The request body is larger than allowed.");
        }
        catch (HttpMessageException ex) when (ex.Code is "bad_framing" or "truncated_body")
        {
            return await Fail(400, ProxyErrorCodes.BadRequest, ex.Message);
        }
        catch (HttpMessageException)
        {
            return await Fail(502, ProxyErrorCodes.UpstreamBadResponse, "The upstream's response could not be parsed.");
        }
        catch (IOException)
        {
            return await Fail(502, ProxyErrorCodes.UpstreamUnreachable, "The upstream connection failed before the response.");
        }
        return await RelayResponseAsync(agentStream, head, response, upstreamReader, echo, outcome, stopping);
    }

    /// <summary>Reads the whole request body (bounded by the body limit and the budget) for a SigV4 route.</summary>
    private async Task<(byte[]? Body, (int Status, string Code, string Message)? Failure)> BufferBodyAsync(
        BufferedConnectionStream agentStream, HttpHead head, BodyFraming framing, Deadline budget)
    {
        try
        {
            if (head.HasToken("Expect", "100-continue"))
            {
                await agentStream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), budget.Token);
                await agentStream.FlushAsync(budget.Token);
            }
            using var body = new MemoryStream();
            await BodyReader.CopyAsync(agentStream, framing, chunk => body.WriteAsync(chunk, budget.Token).AsTask(),
                _options.MaxRequestBodyBytes, () => budget.Token, "truncated_body");
            return (body.ToArray(), null);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return (null, (504, ProxyErrorCodes.UpstreamTimeout, "The request body did not arrive within the request budget."));
        }
        catch (HttpMessageException ex) when (ex.Code is "body_too_large")
        {
            return (null, (413, ProxyErrorCodes.BodyTooLarge, "The request body is larger than allowed."));
        }
        catch (HttpMessageException ex)
        {
            return (null, (400, ProxyErrorCodes.BadRequest, ex.Message));
        }
        catch (IOException)
        {
            return (null, (400, ProxyErrorCodes.BadRequest, "The connection failed before the request body ended."));
        }
    }

    private static async Task WriteFramedAsync(Stream stream, ReadOnlyMemory<byte> chunk, bool chunked, CancellationToken cancellationToken)
    {
        if (chunked)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            await stream.WriteAsync(chunk, cancellationToken);
            await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }
        else
        {
            await stream.WriteAsync(chunk, cancellationToken);
        }
    }

    private async Task RecordOutcomeAsync(Outcome outcome)
    {
        try
        {
            await context.Audit.AppendAsync(VaultAuditTypes.Outcome, new JsonObject
            {
                ["release"] = outcome.ReleaseSeq,
                ["status"] = outcome.Status,
                ["outcome"] = outcome.Code,
                ["bytes"] = outcome.Bytes,
                ["credentialReflected"] = outcome.Reflected,
            }, durable: false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>What happened after a release, filled in as the request goes.</summary>
    private sealed class Outcome(long releaseSeq)
    {
        public long ReleaseSeq { get; } = releaseSeq;

        public int Status { get; set; }

        public string Code { get; set; } = "client_aborted";

        public long Bytes { get; set; }

        public bool Reflected { get; set; }
    }
}
