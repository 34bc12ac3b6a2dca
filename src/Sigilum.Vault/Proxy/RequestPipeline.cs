using Sigilum.Protocol.Intents;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Egress;
using Sigilum.Vault.Http;
using Sigilum.Vault.Release;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// One agent request, in DESIGN §2's order, the same for HTTP/1.1 and HTTP/2 (docs/decisions/0017):
/// Host (<c>:authority</c>) = CONNECT authority → agent still active → framing and size → attestation
/// for the intent (method + absolute URL) naming this agent → route (scheme, host, port, path) → audit record durable → credential → inject and
/// forward → scrub the response. Stateless: one instance serves every connection and stream.
/// </summary>
internal sealed partial class RequestPipeline(ProxyContext context)
{
    private readonly VaultProxyOptions _options = context.Options;

    /// <summary>Returns whether the connection may carry another request; every refusal closes an HTTP/1.1 connection.</summary>
    public async Task<bool> HandleAsync(IAgentExchange agent, TunnelTarget target, CancellationToken stopping)
    {
        // The 5-second cap runs from the request head to the upstream's response headers (docs/decisions/0009).
        using var budget = new Deadline(_options.RequestBudget, _options.Time, stopping);
        var head = agent.Head;
        var (agentId, authority, scheme) = (target.AgentId, target.Authority, target.Scheme);
        var method = head.Method;
        var originTarget = agent.Target;
        var query = originTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? originTarget : originTarget[..query];
        async Task<bool> Refuse(int status, string code, string message)
        {
            await DenyAudit.RecordAsync(context.Audit, agentId, method, authority.Host, path, code, status);
            await agent.WriteErrorAsync(status, code, message, stopping);
            return false;
        }

        if (!originTarget.StartsWith('/'))
        {
            return await Refuse(400, ErrorCatalogue.BadRequest, "The request target must be a path (origin form).");
        }
        // PRX-06: one Host (HTTP/2: the :authority), equal to the CONNECT authority, on every request of the tunnel.
        var hosts = head.Values("Host");
        if (hosts.Count != 1 || !TargetAuthority.TryParse(hosts[0], scheme == "https" ? 443 : 80, out var hostAuthority) ||
            hostAuthority.Host != authority.Host || hostAuthority.Port != authority.Port)
        {
            return await Refuse(403, ErrorCatalogue.HostMismatch, "The Host header does not match the CONNECT authority.");
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
            return await Refuse(503, Store.StoreUnavailableException.CodeFor(ex, ErrorCatalogue.ConfigUnavailable), "The vault configuration cannot be read.");
        }
        // A token revoked after CONNECT stops the very next request in the tunnel (JWT-19).
        if (!snapshot.IsAgentActive(agentId))
        {
            return await Refuse(403, ErrorCatalogue.AgentRevoked, "The agent has been revoked.");
        }
        BodyFraming framing;
        try
        {
            framing = agent.RequestFraming();
        }
        catch (HttpMessageException ex)
        {
            return await Refuse(400, ErrorCatalogue.BadRequest, ex.Message);
        }
        if (framing.Kind == BodyKind.Length && framing.Length > _options.MaxRequestBodyBytes)
        {
            // PRX-11: refused before any credential is fetched.
            return await Refuse(413, ErrorCatalogue.BodyTooLarge, "The request body is larger than allowed.");
        }
        if (path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) ||
            path.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            // Encoded dots and slashes read differently upstream than in our path glob.
            return await Refuse(400, ErrorCatalogue.RequestUrlInvalid, "Encoded '.', '/' or '\\' in the path are refused.");
        }
        var intent = HttpIntent.Create(method, scheme + "://" + authority.ToUrlAuthority(scheme) + originTarget);
        if (!intent.IsSuccess)
        {
            return await Refuse(400, ErrorCatalogue.RequestUrlInvalid, "The request URL cannot be bound to an intent.");
        }

        // Attestation gate (issue 6 item 3).
        Gate.GateResult gate;
        try
        {
            gate = await context.Gate.CheckAsync(head.Values(ProxyHeaders.Attestation), snapshot, intent.Value!.Commitment.IntentHash, agentId, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsExpired)
        {
            return await Refuse(503, ErrorCatalogue.ReplayStoreUnavailable, "The replay store did not answer in time.");
        }
        if (!gate.IsAccepted)
        {
            return await Refuse(gate.Status, gate.Code!, gate.Reason!);
        }
        var claims = gate.Claims!;

        // Per request again (the configuration may have changed since CONNECT): scheme, host, port and path.
        var selection = RouteMatcher.Match(snapshot, agentId, scheme, authority.Host, authority.Port, path, _options.InsecureAllowPlainHttpUpstreams);
        if (!selection.IsAllowed)
        {
            return await Refuse(selection.Status, selection.Code!, selection.Message!);
        }
        var route = selection.Routes[0];
        if (target.Egress.IsPrivate && !route.AllowPrivateNetwork)
        {
            return await Refuse(403, ErrorCatalogue.EgressDenied, "This route does not allow private network targets.");
        }
        if (!snapshot.Backends.TryGetValue(route.Backend, out var backendConfig))
        {
            return await Refuse(502, ErrorCatalogue.BackendMisconfigured, "The route's backend is not configured.");
        }

        // Audit before release: durable (fsynced) before the credential exists (DESIGN §4, STO-01).
        Sigilum.Protocol.Audit.AuditRecord release;
        try
        {
            // Typed fields, no JsonObject (ADR 0060); no WaitAsync either: the log's write watchdog bounds the wait (STO-03).
            release = await VaultAuditRecords.AppendReleaseAsync(context.Audit,
                new VaultReleaseEntry(agentId, route, backendConfig, claims, method, authority.Host, authority.Port, VaultAuditRecords.Truncate(path)!));
        }
#pragma warning disable CA1031 // Whatever stops the audit stops the release.
        catch (Exception)
#pragma warning restore CA1031
        {
            await agent.WriteErrorAsync(503, ErrorCatalogue.AuditUnavailable, "The audit log cannot be written; nothing was released.", stopping);
            return false;
        }

        var exchange = new Exchange(agent, target, framing, route, backendConfig, budget, new Outcome(release.Seq), stopping);
        try
        {
            return await ReleaseAsync(exchange);
        }
        finally
        {
            await RecordOutcomeAsync(exchange.Outcome);
        }
    }

    private async Task RecordOutcomeAsync(Outcome outcome)
    {
        try
        {
            await VaultAuditRecords.AppendOutcomeAsync(context.Audit, outcome.ReleaseSeq, outcome.Status, outcome.Code, outcome.Bytes, outcome.Reflected);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }
}
