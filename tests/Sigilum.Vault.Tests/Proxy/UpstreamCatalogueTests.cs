using System.Net;
using Sigilum.Protocol.Errors;
using Sigilum.Vault.Audit;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Reliability §3.4 rows about a misbehaving upstream or a vanishing agent after the release: reset
/// before or during the response (PRX-14), an oversized response head (PRX-19), the agent gone once
/// the credential was fetched (PRX-25). Each leaves a release record and its outcome.
/// </summary>
public sealed class UpstreamCatalogueTests
{
    private static System.Text.Json.Nodes.JsonObject OutcomeOfOnlyRelease(IReadOnlyList<System.Text.Json.Nodes.JsonObject> records)
    {
        var release = Assert.Single(records, r => (string?)r["type"] == VaultAuditTypes.Release);
        return Assert.Single(records, r => (string?)r["type"] == VaultAuditTypes.Outcome && (long?)r["release"] == (long?)release["seq"]);
    }

    [Fact]
    public async Task PRX_14_UpstreamResetsBeforeResponse_Refused502NotRetried()
    {
        await using var harness = await VaultHarness.StartAsync();

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Post, "/reset"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var code = response.Headers.GetValues("X-Sigil-Vault-Error").Single();
        Assert.Equal(ErrorCatalogue.UpstreamUnreachable, code);
        // Exactly one attempt: a POST is never replayed.
        Assert.Equal(1, harness.Upstream.AcceptedConnections);
        var outcome = OutcomeOfOnlyRelease(await harness.StopAndReadAuditAsync());
        Assert.Equal((502, code), ((int)outcome["status"]!, (string?)outcome["outcome"]));
    }

    [Fact]
    public async Task PRX_14_UpstreamResetsMidResponse_AgentConnectionAbortedNotPresentedComplete()
    {
        await using var harness = await VaultHarness.StartAsync();

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/cut"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        harness.Upstream.Cut.TrySetResult();

        using var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        await Assert.ThrowsAnyAsync<IOException>(() => body.ReadToEndAsync());
        var outcome = OutcomeOfOnlyRelease(await harness.StopAndReadAuditAsync());
        Assert.Equal("stream_aborted", (string?)outcome["outcome"]);
        // The outcome says how much was relayed before the cut: the upstream's "first", not the 1000 bytes it promised.
        Assert.Equal(5, (long)outcome["bytes"]!);
    }

    [Fact]
    public async Task PRX_19_UpstreamResponseHeadOverTheCap_Refused502BadResponse()
    {
        await using var harness = await VaultHarness.StartAsync();

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/big-header"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ErrorCatalogue.UpstreamBadResponse, response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.False(response.Headers.Contains("X-Big"));
    }

    [Fact]
    public async Task PRX_25_AgentDisconnectsWhileTheCredentialIsFetched_OutcomeRecordedSecretNowhereInTheLog()
    {
        RawProxyClient? raw = null;
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions
        {
            // The agent goes away after the release record, while the backend is being asked.
            BeforeFetch = async _ =>
            {
                await raw!.DisposeAsync();
                gone.TrySetResult();
            },
        });
        raw = await RawProxyClient.OpenAsync(harness.Host.Port);
        await raw.ConnectAsync($"{TestUpstream.HostName}:{harness.Upstream.Port}", harness.Token);
        await raw.StartTlsAsync(TestUpstream.HostName, harness);
        var attestation = harness.Attest("GET", harness.Url("/gone"));

        await raw.SendAsync($"GET /gone HTTP/1.1\r\nHost: {TestUpstream.HostName}:{harness.Upstream.Port}\r\nX-Sigil-Attestation: {attestation}\r\n\r\n");

        await gone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var records = await harness.StopAndReadAuditAsync();
        var outcome = OutcomeOfOnlyRelease(records);
        Assert.Equal("client_aborted", (string?)outcome["outcome"]);
        Assert.Equal(1, harness.FetchCount);
        Assert.DoesNotContain(VaultHarness.Secret, string.Join('\n', records.Select(r => r.ToJsonString())), StringComparison.Ordinal);
    }
}
