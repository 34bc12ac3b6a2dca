using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Sigilum.Protocol.Audit;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Egress;
using Sigilum.Vault.Http;
using Sigilum.Vault.Proxy.Tunnel;
using Sigilum.Vault.Release;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// One client connection, in DESIGN §2's order: proxy token (407) → CONNECT target allowed (route for
/// the scheme, host and port (docs/decisions/0022), resolve once, private ranges denied unless a route
/// allows them, never the vault's own listener) → TLS with a leaf for
/// exactly that name, SNI = CONNECT host → per request: Host = CONNECT authority, attestation,
/// route, audit, credential, forward (<see cref="RequestPipeline"/>). Plain-HTTP proxying (absolute-form)
/// takes the same path; every request, HTTP/1.x or HTTP/2 (ALPN <c>h2</c>), is read by the in-process Kestrel of
/// <see cref="TunnelServer"/> and served by its one pipeline (docs/decisions/0052).
/// </summary>
internal sealed class ProxyConnection(ProxyContext context, Socket socket, TunnelServer server)
{
    /// <summary>Both offered; the server's order decides, so a client that can do HTTP/2 gets it.</summary>
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private readonly VaultProxyOptions _options = context.Options;

    public async Task RunAsync(CancellationToken stopping)
    {
        await using var client = new BufferedConnectionStream(new NetworkStream(socket, ownsSocket: false));
        HttpHead? head;
        try
        {
            using var deadline = new Deadline(_options.HeadersTimeout, _options.Time, stopping);
            head = await client.ReadHeadAsync(_options.MaxHeadBytes, isResponse: false, deadline.Token);
        }
        catch (HttpMessageException ex)
        {
            await ProxyResponses.WriteErrorAsync(client, 400, ErrorCatalogue.BadRequest, ex.Message, stopping);
            return;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return;
        }
        if (head is null)
        {
            return;
        }
        if (head.Method == "CONNECT")
        {
            await ConnectAsync(client, head, stopping);
        }
        else
        {
            await PlainAsync(client, head, stopping);
        }
    }

    private async Task ConnectAsync(BufferedConnectionStream client, HttpHead head, CancellationToken stopping)
    {
        var admitted = await AdmitAsync(client, head, head.Target, defaultPort: null, stopping);
        if (admitted is null)
        {
            return;
        }
        var (agent, authority, egress) = admitted.Value;
        if (!context.Tunnels.TryEnter(agent.Id))
        {
            await DenyAsync(client, agent.Id, head.Method, authority.Host, null, 429, ErrorCatalogue.TooManyTunnels, "This agent has too many open tunnels.", stopping);
            return;
        }
        try
        {
            await TunnelAsync(client, agent, authority, egress, stopping);
        }
        finally
        {
            context.Tunnels.Exit(agent.Id);
        }
    }

    private async Task TunnelAsync(BufferedConnectionStream client, VaultAgent agent, TargetAuthority authority, EgressDecision egress, CancellationToken stopping)
    {
        try
        {
            await client.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), stopping);
            await client.FlushAsync(stopping);
        }
        catch (IOException)
        {
            return;
        }

        await using var tls = new SslStream(client, leaveInnerStreamOpen: true);
        var sniMismatch = false;
        string? sni = null;
        try
        {
            using var deadline = new Deadline(_options.HeadersTimeout, _options.Time, stopping);
            await tls.AuthenticateAsServerAsync((_, info, _, _) =>
            {
                sni = info.ServerName;
                // PRX-06/07: the certificate is minted only for the CONNECT host, and only if the
                // client asks for that same name (IP literals carry no SNI).
                if (!SniPolicy.Matches(info.ServerName, authority))
                {
                    sniMismatch = true;
                    throw new AuthenticationException("SNI does not match the CONNECT host.");
                }
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = context.Leaves.Get(authority.Host),
                    ApplicationProtocols = Alpn,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                });
            }, null, deadline.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            await DenyAudit.RecordAsync(context.Audit, agent.Id, "CONNECT", authority.Host, null, sniMismatch ? ErrorCatalogue.HostMismatch : ErrorCatalogue.TlsHandshakeFailed,
                extra: sniMismatch ? AuditField.StringOrNull("sni", VaultAuditRecords.Truncate(sni)) : default);
            return;
        }

        // HTTP/1.1 and HTTP/2 alike: the in-process Kestrel reads the requests, one pipeline serves them (ADR 0052).
        var target = new TunnelTarget(agent.Id, authority, egress, "https");
        await server.ServeAsync(tls, target, http2: tls.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2, socket.Dispose);
    }

    private async Task PlainAsync(BufferedConnectionStream client, HttpHead head, CancellationToken stopping)
    {
        const string Scheme = "http://";
        if (!head.Target.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            await ProxyResponses.WriteErrorAsync(client, 400, ErrorCatalogue.BadRequest,
                "Send https requests through CONNECT and plain http requests in absolute form (http://host/path).", stopping);
            return;
        }
        var rest = head.Target[Scheme.Length..];
        var end = rest.IndexOfAny(['/', '?']);
        var authorityText = end < 0 ? rest : rest[..end];
        var admitted = await AdmitAsync(client, head, authorityText, defaultPort: 80, stopping);
        if (admitted is null)
        {
            return;
        }
        var (agent, authority, egress) = admitted.Value;
        if (!context.Tunnels.TryEnter(agent.Id))
        {
            await DenyAsync(client, agent.Id, head.Method, authority.Host, null, 429, ErrorCatalogue.TooManyTunnels, "This agent has too many open connections.", stopping);
            return;
        }
        try
        {
            // Kestrel reads the request again from its first byte; one request per plain connection (the exchange
            // answers "Connection: close"): the next one authenticates afresh.
            client.UnreadHead();
            await server.ServeAsync(client, new TunnelTarget(agent.Id, authority, egress, "http"), http2: false, socket.Dispose);
        }
        finally
        {
            context.Tunnels.Exit(agent.Id);
        }
    }

    /// <summary>Token, authority, route for the host, egress: the checks before any tunnel or forward.</summary>
    private async Task<(VaultAgent, TargetAuthority, EgressDecision)?> AdmitAsync(
        BufferedConnectionStream client, HttpHead head, string authorityText, int? defaultPort, CancellationToken stopping)
    {
        VaultSnapshot snapshot;
        try
        {
            snapshot = await context.Config.CurrentAsync(stopping);
        }
#pragma warning disable CA1031 // A store we cannot read means "cannot authorise": refuse (STO-10).
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // A shared store (PostgreSQL) out of reach is DB_UNAVAILABLE, the gateway's code for the same outage (ADR 0068).
            await ProxyResponses.WriteErrorAsync(client, 503, StoreUnavailableException.CodeFor(ex, ErrorCatalogue.ConfigUnavailable), "The vault configuration cannot be read.", stopping);
            return null;
        }
        // JWT-18: the token comes first, so nothing about the target or attestation leaks to an unknown caller.
        var agent = ProxyAuthentication.Authenticate(head, snapshot);
        if (agent is null)
        {
            await ProxyResponses.WriteErrorAsync(client, 407, ErrorCatalogue.ProxyAuthRequired,
                "A valid agent token is required in Proxy-Authorization (Basic with the token as password, or Bearer).", stopping,
                "Proxy-Authenticate: Basic realm=\"sigil-vault\"");
            return null;
        }
        if (!TargetAuthority.TryParse(authorityText, defaultPort, out var authority))
        {
            await DenyAsync(client, agent.Id, head.Method, authorityText, null, 400, ErrorCatalogue.BadAuthority, "The target is not a valid host:port.", stopping);
            return null;
        }
        // Scheme and port are part of the route (docs/decisions/0022): CONNECT is https, absolute-form is http.
        var scheme = defaultPort is null ? RouteConfig.Https : RouteConfig.Http;
        var selection = RouteMatcher.Select(snapshot, agent.Id, scheme, authority.Host, authority.Port, _options.InsecureAllowPlainHttpUpstreams);
        if (!selection.IsAllowed)
        {
            await DenyAsync(client, agent.Id, head.Method, authority.Host, null, selection.Status, selection.Code!, selection.Message!, stopping,
                AuditField.StringOrNull("scheme", scheme), AuditField.Int64("port", authority.Port));
            return null;
        }
        var routes = selection.Routes;
        EgressDecision egress;
        using (var deadline = new Deadline(_options.RequestBudget, _options.Time, stopping))
        {
            try
            {
                egress = await context.Egress.ResolveAsync(authority, routes.Any(r => r.AllowPrivateNetwork), deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsExpired)
            {
                egress = EgressDecision.Deny(ErrorCatalogue.DnsFailed, 502, "Name resolution timed out.");
            }
        }
        if (egress.Endpoint is null)
        {
            var code = egress.Code == "egress_denied" ? ErrorCatalogue.EgressDenied : ErrorCatalogue.DnsFailed;
            await DenyAsync(client, agent.Id, head.Method, authority.Host, null, egress.Status, code, egress.Message!, stopping);
            return null;
        }
        if (SelfConnection.IsOwnListener(egress.Endpoint, (IPEndPoint)socket.LocalEndPoint!))
        {
            // PRX-04: even a route with --allow-private-network never makes the vault dial itself (a loop that
            // would carry the agent's request, attestation and token back into this listener).
            await DenyAsync(client, agent.Id, head.Method, authority.Host, null, 403, ErrorCatalogue.SelfConnection, "The target is this vault's own listener.", stopping);
            return null;
        }
        return (agent, authority, egress);
    }

    private async Task DenyAsync(Stream client, string agentId, string method, string host, string? path, int status, string code, string message, CancellationToken stopping,
        AuditField extra = default, AuditField extra2 = default)
    {
        await DenyAudit.RecordAsync(context.Audit, agentId, method, host, path, code, status, extra, extra2);
        await ProxyResponses.WriteErrorAsync(client, status, code, message, stopping);
    }
}
