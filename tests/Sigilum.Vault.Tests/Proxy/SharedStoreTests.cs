using System.Net;
using Sigilum.Protocol.Errors;
using Sigilum.Testing.Postgres;
using Sigilum.Vault.Store;
using Sigilum.Vault.Store.Postgres;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Two vault hosts in-process on one real PostgreSQL (issue 18 item 2, ADR 0068): one attestation is released once
/// across both, a change made through one is used by the other, and an unreachable PostgreSQL is refused with
/// <c>DB_UNAVAILABLE</c> until it answers again — without a restart. Each host keeps its own home, CA and audit log.
/// </summary>
[Collection(PostgresVaultCollection.Name)]
public sealed class SharedStoreTests(PostgresServer server)
{
    private const string Path = "/v1/models";

    /// <summary>
    /// Sends until the answer is no longer <paramref name="notYet"/> (the instance has not caught up with the store),
    /// whether the refusal came inside a tunnel or as the answer to a new tunnel's CONNECT.
    /// </summary>
    private static Task<HttpResponseMessage> SendUntilAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode notYet, string what) =>
        Eventually.UntilAsync(async () =>
        {
            HttpResponseMessage attempt;
            try
            {
                attempt = await send();
            }
            catch (HttpRequestException ex) when (ex.Message.Contains(((int)notYet).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                return null;
            }
            if (attempt.StatusCode == notYet)
            {
                attempt.Dispose();
                return null;
            }
            return attempt;
        }, what);

    private static string ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Sigil-Vault-Error", out var values) ? values.Single() : "";

    [Fact]
    public async Task RPL_09_FiftyCopiesOfOneAttestationAcrossTwoVaults_ReleasedExactlyOnce()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        await using var first = await VaultHarness.StartAsync(new HarnessOptions { Store = database.Location() });
        await using var second = await VaultHarness.StartAsync(new HarnessOptions { Store = database.Location(), Peer = first });
        var attestation = first.Attest("GET", first.Url(Path));
        var clients = new[] { first.CreateClient(), second.CreateClient() };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => clients[i % 2].SendAsync(first.Request(HttpMethod.Get, Path, attestation))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.Forbidden && ErrorCode(r) == ErrorCatalogue.AttestationReplayed));
            Assert.Single(first.Upstream.Received);
            Assert.Equal(1, first.FetchCount + second.FetchCount);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task AgentAndRouteAddedThroughOneVault_UsedByTheOther()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        await using var first = await VaultHarness.StartAsync(new HarnessOptions { Store = database.Location() });
        await using var second = await VaultHarness.StartAsync(new HarnessOptions { Store = database.Location(), Peer = first });
        var now = TimeProvider.System.GetUtcNow();

        // Through the first instance's store, as `sigil-vault agents create` / `routes add` on that node would.
        var (agentId, token) = await first.AddAgentAsync("agt_added");
        Assert.Null(await first.Store.AddRouteAsync(new RouteConfig("rt_added", agentId, TestUpstream.HostName, "/*", "env1", VaultHarness.SecretVariable,
            [HeaderTemplate.DefaultAuthorization], null, true, now) { Port = first.Upstream.Port }));

        var client = second.CreateClient(token);
        // Until the second instance has loaded the change, the token is unknown there (407).
        using var response = await SendUntilAsync(() => client.SendAsync(second.Request(HttpMethod.Get, Path,
            second.Attest("GET", second.Url(Path), draft => draft with { Subject = agentId }))),
            HttpStatusCode.ProxyAuthenticationRequired, "the second vault to know the new agent");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + VaultHarness.Secret, Assert.Single(first.Upstream.Received).Authorization);
    }

    [Fact]
    public async Task STO_13_SharedStoreUnreachable_RefusedStoreUnavailable_ThenServesAgainWithoutRestart()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        await using var relay = database.StartRelay();
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { Store = database.Through(relay) });
        var client = harness.CreateClient();
        using (var before = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, Path)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        relay.Cut();
        using (var during = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, Path)))
        {
            // Whichever check meets the outage first (the version or the jti), the answer is the one code, and nothing is released.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal(ErrorCatalogue.DbUnavailable, ErrorCode(during));
        }
        Assert.Single(harness.Upstream.Received);
        relay.Restore();

        using var after = await SendUntilAsync(() => client.SendAsync(harness.AttestedRequest(HttpMethod.Get, Path)),
            HttpStatusCode.ServiceUnavailable, "the vault to serve again");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, harness.Upstream.Received.Count);
    }
}
