using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Core.Audit;
using Sigilum.Gateway.Audit;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Reliability CTL-01 ("no release after revocation was acknowledged", ADR 0027) on the whole gateway: a real control
/// plane whose revoke is answered once the gateway confirmed it, a backend the credential is fetched from (so "nothing
/// fetched" is observable) and an upstream that counts connections (so "nothing forwarded" means not even a connect).
/// </summary>
public sealed class RevocationInEffectTests : IAsyncLifetime
{
    private const string Secret = "sk-revocation-0123456789abcdef";
    private readonly AuditHold _hold = new();
    private BackedConnectionStack _backed = null!;
    private CountingUpstream _upstream = null!;
    private GatewayStack _stack = null!;

    public async Task InitializeAsync()
    {
        _backed = await BackedConnectionStack.StartAsync(Secret, log => HeldAuditFile.Inject(log, _hold));
        (_upstream, _stack) = (_backed.Upstream, _backed.Stack);
    }

    public async Task DisposeAsync()
    {
        _hold.Release();
        await _backed.DisposeAsync();
        _hold.Dispose();
    }

    [Fact]
    public async Task CTL_01_RevokeAnswered_TheVeryNextRequestIsDenied_NothingFetchedOrForwarded()
    {
        var (client, claimId) = await ApprovedClientAsync();
        var before = (Fetches(), _upstream.Connections);

        var revoked = await _stack.ControlPlane.RevokeAsync(_stack.OwnerToken, claimId);

        // Answered means in effect here: no retry, no wait between the answer and the request.
        var propagation = revoked.GetProperty("propagation");
        Assert.Equal((1, 1, 0), (propagation.GetProperty("subscribers").GetInt32(), propagation.GetProperty("acknowledged").GetInt32(), propagation.GetProperty("pending").GetInt32()));
        using var denied = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(ErrorCatalogue.AuthClaimRequired, denied.Headers.GetValues("X-Sigilum-Code").Single());
        Assert.Equal(before, (Fetches(), _upstream.Connections));
    }

    [Fact]
    public async Task CTL_01_RevocationConfirmedWhileTheReleaseRecordIsWritten_RefusedAtTheReleasePoint_NothingFetchedOrForwarded()
    {
        var (client, claimId) = await ApprovedClientAsync();
        var before = (Fetches(), _upstream.Connections);
        // Authorised, release record on its way to disk, credential not yet fetched: the request is parked there.
        _hold.Arm();
        var inFlight = client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
        await _hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var revoked = await _stack.ControlPlane.RevokeAsync(_stack.OwnerToken, claimId);
        Assert.Equal(1, revoked.GetProperty("propagation").GetProperty("acknowledged").GetInt32());
        _hold.Release();
        using var response = await inFlight;

        // The approval is checked again just before the fetch (the linearisation point): the owner was told "in effect",
        // so this request must not be released, although it was authorised before the revocation.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCatalogue.AuthClaimRequired, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(before, (Fetches(), _upstream.Connections));
        // The release record stands, and its outcome says the request was refused.
        await _stack.StopGatewayAsync();
        var records = File.ReadAllLines(Path.Combine(_stack.DataDirectory, "audit", AuditLogOptions.LogFileName))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var outcome = records.Last(r => r.GetProperty("type").GetString() == GatewayAuditTrail.OutcomeType);
        Assert.Equal(403, outcome.GetProperty("status").GetInt32());
        await _stack.StartGatewayAsync();
    }

    private int Fetches() => _backed.Fetches;

    /// <summary>An approved agent whose approval has reached the gateway (one request released); its claim id.</summary>
    private async Task<(HttpClient Client, string ClaimId)> ApprovedClientAsync()
    {
        var agent = _stack.NewAgent();
        var client = _stack.AgentClient(agent);
        using (await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models"))
        {
        }
        var claimId = await _stack.ApprovePendingAsync(agent);
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (client, claimId);
            }
            Assert.True(attempt < 200, "the approval did not reach the gateway");
            await Task.Delay(10);
        }
    }
}
